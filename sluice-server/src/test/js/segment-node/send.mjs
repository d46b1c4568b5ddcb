// Sends one event of each Segment type with the real, unmodified @segment/analytics-node SDK.
// The only change from a normal app is the `host` option, which points at Sluice.
// Usage: node send.mjs <host> <writeKey>
import { Analytics } from '@segment/analytics-node'

const [host, writeKey] = process.argv.slice(2)
if (!host || !writeKey) {
  console.error('usage: node send.mjs <host> <writeKey>')
  process.exit(64)
}

const analytics = new Analytics({ writeKey, host, flushAt: 20, flushInterval: 500, maxRetries: 3 })
let failures = 0
analytics.on('error', (err) => {
  failures++
  console.error('sdk error:', err?.code ?? '', err?.reason?.message ?? err?.message ?? err)
})
analytics.on('http_request', (req) => console.log('sdk request:', req.method, req.url))

const ip = { ip: '203.0.113.42' }
analytics.identify({ userId: 'user_8412', traits: { email: 'jane.doe@example.com', name: 'Jane Doe', plan: 'pro' }, context: ip })
analytics.track({ userId: 'user_8412', event: 'Order Completed', properties: { plan: 'pro', revenue: 129, email: 'jane.doe@example.com' }, context: ip })
analytics.page({ anonymousId: 'anon-3f9c', name: 'Pricing', properties: { path: '/pricing', url: 'https://app.example.com/pricing?email=jane.doe@example.com' }, context: { ...ip, page: { path: '/pricing', referrer: 'https://mail.example.net/jane.doe@example.com' } } })
analytics.group({ userId: 'user_8412', groupId: 'org_5531', traits: { name: 'Acme Corp', plan: 'enterprise' } })
analytics.alias({ userId: 'user_8412', previousId: 'anon-3f9c' })

await analytics.closeAndFlush({ timeout: 15000 })
if (failures > 0) {
  process.exit(2)
}
console.log('sdk done')
