// Sends events, profile and group updates and an import with the real, unmodified mixpanel
// (node) SDK. The only changes from a normal app are the `host` and `protocol` options, which
// point at Sluice. `key` is the (deprecated) API key auth the SDK offers for /import over plain
// HTTP; service-account and secret auth insist on HTTPS.
// Usage: node send.mjs <host:port> <token>
import Mixpanel from 'mixpanel'

const [host, token] = process.argv.slice(2)
if (!host || !token) {
  console.error('usage: node send.mjs <host:port> <token>')
  process.exit(64)
}

const mp = Mixpanel.init(token, { host, protocol: 'http', geolocate: true, key: 'api-key-for-import' })
const call = (what, fn) =>
  new Promise((resolve) =>
    fn((err) => {
      if (err) {
        console.error('sdk error:', what, Array.isArray(err) ? err.map((e) => e.message).join('; ') : err.message)
        failures++
      } else {
        console.log('sdk ok:', what)
      }
      resolve()
    })
  )
let failures = 0

const email = 'jane.doe@example.com'
await call('track', (cb) =>
  mp.track('Order Completed', { distinct_id: 'user_8412', $insert_id: 'order-8412-0001', plan: 'pro', revenue: 129, email, ip: '203.0.113.42' }, cb))
await call('track_batch', (cb) =>
  mp.track_batch(
    [
      { event: 'Viewed Pricing', properties: { distinct_id: '$device:anon-3f9c', $device_id: 'anon-3f9c', time: 1767225600123, plan: 'free', $current_url: `https://app.example.com/pricing?email=${email}` } },
      { event: 'Signed Up', properties: { distinct_id: 'user_8412', $device_id: 'anon-3f9c', $user_id: 'user_8412', time: 1767225660, plan: 'pro' } },
    ],
    cb))
await call('people.set', (cb) => mp.people.set('user_8412', { plan: 'pro', $email: email, $name: 'Jane Doe' }, cb))
await call('people.union', (cb) => mp.people.union('user_8412', { tags: ['beta'] }, cb))
await call('groups.set', (cb) => mp.groups.set('company', 'org_5531', { plan: 'enterprise', name: 'Acme Corp' }, cb))
await call('import', (cb) => mp.import('Trial Started', new Date(1767225700000), { distinct_id: 'user_8412', plan: 'trial' }, cb))

if (failures > 0) {
  process.exit(2)
}
console.log('sdk done')
