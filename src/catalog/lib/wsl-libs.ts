import userBus from './user-bus.sh?raw'
import wslConf from './wsl-conf.sh?raw'

/** The shell helpers the WSL steps' scripts include with `# @include NAME` (see withIncludes). */
export const WSL_LIBS: Readonly<Record<string, string>> = { 'wsl-conf.sh': wslConf, 'user-bus.sh': userBus }
