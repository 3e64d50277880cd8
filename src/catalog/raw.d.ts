declare module '*.sh?raw' {
  const text: string
  export default text
}

declare module '*.ts?raw' {
  const text: string
  export default text
}

declare module '*.mjs?raw' {
  const text: string
  export default text
}

declare module '*.py?raw' {
  const text: string
  export default text
}
