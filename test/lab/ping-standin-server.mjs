// A healthchecks.io-style ping service for the lab (Node builtins only), run by health-ping.lab.test.ts inside a lab
// host's netns (test/lab/lab-host.ts) that owns ADDRESS. HTTPS with the throw-away certificate the test made (its CA is
// installed into the lab's trust store by the test). Every request is answered 200 "OK" and logged as one line
// `HIT <method> <sha256 of the path, 16 hex>` on stdout: the test counts per path without the path (a ping URL is a
// secret) ever reaching a log. Prints READY once listening.
// argv: ADDRESS PORT CERT_FILE KEY_FILE
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'

const [address, portText, certFile, keyFile] = process.argv.slice(2)
const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
  const path = (req.url ?? '/').split('?')[0]
  req.resume()
  req.on('end', () => {
    console.log(`HIT ${req.method} ${createHash('sha256').update(path).digest('hex').slice(0, 16)}`)
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('OK')
  })
})
server.listen(Number(portText), address, () => console.log('READY'))
