import { version } from '../../package.json'

/** The app's version, as in package.json (shown in reports). */
export const APP_VERSION: string = version
