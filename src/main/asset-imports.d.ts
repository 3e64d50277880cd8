/**
 * electron-vite's asset imports in main: the import is the file's path at run time. With `&asarUnpack` the path
 * points into app.asar.unpacked (electron-builder.yml unpacks resources/**).
 */
declare module '*?asset' {
  const path: string
  export default path
}
declare module '*?asset&asarUnpack' {
  const path: string
  export default path
}
