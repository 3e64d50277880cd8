import userBus from '../lib/user-bus.sh?raw'
import wslConf from '../lib/wsl-conf.sh?raw'
import configShape from './oc-config-shape.sh?raw'
import standin from './oc-standin.sh?raw'

/**
 * The helpers the OpenClaw steps of this folder (and gateway-token, gateway-service) include. `openclaw.sh` is a
 * STAND-IN (oc-standin.sh) for kit-oc's lib/openclaw.sh until that lands: swap the import, keep the name.
 */
export const OC_LIBS: Readonly<Record<string, string>> = {
  'wsl-conf.sh': wslConf,
  'user-bus.sh': userBus,
  'openclaw.sh': standin,
  'oc-config-shape.sh': configShape,
}
