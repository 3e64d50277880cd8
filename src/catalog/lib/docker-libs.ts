import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from './openclaw-libs'
import dockerSandbox from './docker-sandbox.mjs?raw'
import docker from './docker.sh?raw'

/** lib/docker.sh with its settings reader written in; include it after openclaw.sh (it uses that file's helpers). */
export const DOCKER_LIBS: Readonly<Record<string, string>> = {
  ...OPENCLAW_LIBS,
  'docker.sh': withIncludes(docker, { 'docker-sandbox.mjs': dockerSandbox.endsWith('\n') ? dockerSandbox : `${dockerSandbox}\n` }),
}
