// Sends capture/identify/alias/groupIdentify/pageview with the real, unmodified posthog-node SDK.
// The only change from a normal app is the `host` option, which points at Sluice.
// Usage: node send.mjs <host> <projectApiKey>
import { PostHog } from 'posthog-node'

const [host, apiKey] = process.argv.slice(2)
if (!host || !apiKey) {
  console.error('usage: node send.mjs <host> <projectApiKey>')
  process.exit(64)
}

const posthog = new PostHog(apiKey, { host, flushAt: 20, flushInterval: 0, fetchRetryCount: 0 })
let failures = 0
posthog.on('error', (err) => {
  failures++
  console.error('sdk error:', err?.status ?? '', err?.message ?? err)
})

posthog.identify({ distinctId: 'user_8412', properties: { email: 'jane.doe@example.com', name: 'Jane Doe', plan: 'pro' } })
posthog.capture({ distinctId: 'user_8412', event: 'Order Completed', properties: { plan: 'pro', revenue: 129, email: 'jane.doe@example.com', $ip: '203.0.113.42' } })
posthog.capture({ distinctId: 'anon-3f9c', event: '$pageview', properties: { $current_url: 'https://app.example.com/pricing?email=jane.doe@example.com', $pathname: '/pricing', $is_identified: false } })
posthog.groupIdentify({ groupType: 'company', groupKey: 'org_5531', properties: { name: 'Acme Corp', plan: 'enterprise' }, distinctId: 'user_8412' })
posthog.alias({ distinctId: 'user_8412', alias: 'anon-3f9c' })

await posthog.shutdown(15000)
if (failures > 0) {
  process.exit(2)
}
console.log('sdk done')
