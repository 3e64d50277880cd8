/** Reads the sudo password: first line of stdin, or a prompt without echo on a terminal. Never from argv. */

export async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      const nl = text.indexOf('\n')
      if (nl >= 0) done(text.slice(0, nl))
      else if (text.length > 4096) fail(new Error('The first line of stdin is too long for a password.'))
    }
    const onEnd = () => done(text)
    const cleanup = () => {
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', fail)
      if ('pause' in stream) stream.pause()
    }
    const done = (line: string) => {
      cleanup()
      resolve(line.replace(/\r$/, ''))
    }
    const fail = (err: Error) => {
      cleanup()
      reject(err)
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', fail)
  })
}

export async function promptHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) throw new Error('No terminal to ask for the sudo password on.')
  output.write(prompt)
  input.setRawMode(true)
  input.resume()
  return new Promise((resolve, reject) => {
    let value = ''
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value))
        if (ch === '\u0003') return finish(() => reject(new Error('Cancelled.')))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ') value += ch
      }
    }
    const onEnd = () => finish(() => reject(new Error('stdin ended before a password was entered.')))
    const finish = (then: () => void) => {
      input.off('data', onData)
      input.off('end', onEnd)
      input.setRawMode(false)
      input.pause()
      output.write('\n')
      then()
    }
    input.on('data', onData)
    input.on('end', onEnd)
  })
}
