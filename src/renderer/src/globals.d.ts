/** Renderer-only globals. */
interface Window {
  /** The one xterm instance, exposed so end-to-end tests can read the screen buffer. */
  __ocssTerminal?: import('@xterm/xterm').Terminal
}
