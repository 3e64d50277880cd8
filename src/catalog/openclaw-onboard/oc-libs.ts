import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import configShape from './oc-config-shape.sh?raw'

/** The helpers the OpenClaw steps of this folder (and gateway-token, gateway-service) include: kit-oc's lib/openclaw.sh. */
export const OC_LIBS: Readonly<Record<string, string>> = {
  ...OPENCLAW_LIBS,
  'oc-config-shape.sh': configShape,
}
