// Google's documented Measurement Protocol call ("Send Measurement Protocol events"), verbatim
// but for the host: fetch() with a JSON string body and no Content-Type (fetch sends text/plain).
// Usage: node send.mjs <host> <measurementId> <apiSecret>
const [host, measurementId, apiSecret] = process.argv.slice(2)
if (!host || !measurementId || !apiSecret) {
  console.error('usage: node send.mjs <host> <measurementId> <apiSecret>')
  process.exit(64)
}

const res = await fetch(`${host}/mp/collect?measurement_id=${measurementId}&api_secret=${apiSecret}`, {
  method: 'POST',
  body: JSON.stringify({
    client_id: '1234567890.1700000000',
    events: [
      { name: 'tutorial_begin', params: { session_id: '1700000000', engagement_time_msec: 100 } },
      { name: 'join_group', params: { group_id: 'G_12345', session_id: '1700000000', engagement_time_msec: 100 } }
    ]
  })
})
console.log('status', res.status, 'body', JSON.stringify(await res.text()))
process.exit(res.status === 204 ? 0 : 2)
