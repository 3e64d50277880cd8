// A Telegram Bot API stand-in for the lab (test/lab/telegram-standin.ts runs it in its own network namespace). It answers
// what OpenClaw 2026.9.6's Telegram channel calls at start-up and while polling (getMe, deleteWebhook, setMyCommands,
// deleteMyCommands, getUpdates, sendMessage; anything else: ok true), delivers one direct message from the test user
// once the bot polls, and logs every call as one JSON line on stdout (method, the token's length, never the token).
// argv: HOST PORT USER_ID FIRST_NAME
import { createServer } from 'node:http'

const [host, portText, userId, firstName] = process.argv.slice(2)
const port = Number(portText)
let delivered = false
const now = () => Math.floor(Date.now() / 1000)

function reply(res, result) {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ ok: true, result }))
}

createServer((req, res) => {
  let body = ''
  req.on('data', (d) => (body += d))
  req.on('end', () => {
    const m = /^\/bot([^/]*)\/([A-Za-z]+)/.exec(req.url ?? '')
    const method = m?.[2] ?? '?'
    console.log(JSON.stringify({ call: method, tokenLength: m?.[1]?.length ?? 0, bytes: body.length }))
    if (method === 'getMe') return reply(res, { id: 4242, is_bot: true, first_name: 'Lab bot', username: 'lab_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false })
    if (method === 'getUpdates') {
      if (!delivered) {
        delivered = true
        const chat = { id: Number(userId), type: 'private', first_name: firstName }
        return reply(res, [{ update_id: 1, message: { message_id: 1, date: now(), chat, from: { id: Number(userId), is_bot: false, first_name: firstName }, text: 'hello' } }])
      }
      // Long polling: nothing new for a moment.
      return void setTimeout(() => reply(res, []), 2000)
    }
    if (method === 'sendMessage') return reply(res, { message_id: 2, date: now(), chat: { id: Number(userId), type: 'private' }, text: 'ok' })
    if (method === 'getWebhookInfo') return reply(res, { url: '', has_custom_certificate: false, pending_update_count: 0 })
    if (method === 'getMyCommands') return reply(res, [])
    return reply(res, true)
  })
}).listen(port, host, () => console.log('READY'))
