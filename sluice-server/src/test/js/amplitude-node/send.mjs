// Sends events, an identify and a group identify with the real, unmodified
// @amplitude/analytics-node SDK. The only change from a normal app is `serverUrl`, which points
// at Sluice. Usage: node send.mjs <serverUrl> <apiKey>
import { init, track, identify, groupIdentify, Identify, flush } from '@amplitude/analytics-node'

const [serverUrl, apiKey] = process.argv.slice(2)
if (!serverUrl || !apiKey) {
  console.error('usage: node send.mjs <serverUrl> <apiKey>')
  process.exit(64)
}

await init(apiKey, { serverUrl, flushIntervalMillis: 100, flushQueueSize: 20, flushMaxRetries: 2, logLevel: 2 }).promise

const email = 'jane.doe@example.com'
const results = [
  track('Order Completed', { plan: 'pro', revenue: 129, email }, { user_id: 'user_8412', insert_id: 'order-8412-0001', ip: '203.0.113.42', os_name: 'Linux' }),
  track('Viewed Pricing', { plan: 'free', url: `https://app.example.com/pricing?email=${email}` }, { device_id: 'anon-3f9c-device', time: 1767225600123 }),
  identify(new Identify().set('plan', 'pro').set('email', email).setOnce('first_plan', 'free'), { user_id: 'user_8412' }),
  groupIdentify('company', 'org_5531', new Identify().set('plan', 'enterprise').set('name', 'Acme Corp'), { user_id: 'user_8412' }),
]
await flush().promise
let failures = 0
for (const r of results) {
  const res = await r.promise
  if (res.code !== 200) {
    failures++
    console.error('sdk error:', res.event.event_type, res.code, res.message)
  } else {
    console.log('sdk ok:', res.event.event_type, res.code)
  }
}
if (failures > 0) {
  process.exit(2)
}
console.log('sdk done')
