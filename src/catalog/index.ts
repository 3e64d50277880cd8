import type { TargetKind } from '../shared/step'
import type { CatalogStep } from './catalog-step'
import { auditFresh } from './audit-fresh/step'
import { channelAllowlist } from './channel-allowlist/step'
import { credentialPermissions } from './credential-permissions/step'
import { dnsStatic } from './dns-static/step'
import { elevatedToolsOff } from './elevated-tools-off/step'
import { gatewayLoopback } from './gateway-loopback/step'
import { gatewayService } from './gateway-service/step'
import { gatewayTerminalOff } from './gateway-terminal-off/step'
import { gatewayToken } from './gateway-token/step'
import { healthPing } from './health-ping/step'
import { mdnsOff } from './mdns-off/step'
import { nftablesRules } from './nftables-rules/step'
import { openclawAccount } from './openclaw-account/step'
import { openclawInstall } from './openclaw-install/step'
import { openclawOnboard } from './openclaw-onboard/step'
import { routerIsolation } from './router-isolation/step'
import { sandboxDocker } from './sandbox-docker/step'
import { skillsPinned } from './skills-pinned/step'
import { sshPasswordLogin } from './ssh-password-login/step'
import { sudoCheckLauncher } from './sudo-check-launcher/step'
import { toolPolicy } from './tool-policy/step'
import { ufwFirewall } from './ufw-firewall/step'
import { wslConfLockdown } from './wsl-conf-lockdown/step'
import { wslKeepAlive } from './wsl-keep-alive/step'
import { wslSystemd } from './wsl-systemd/step'

export type { CatalogStep, CheckOutput, CheckVerdict } from './catalog-step'

/** The catalogue in wizard order. Each step lives in its own folder named after its id. */
export const STEPS: readonly CatalogStep[] = [
  routerIsolation,
  ufwFirewall,
  sshPasswordLogin,
  sudoCheckLauncher,
  wslSystemd,
  wslConfLockdown,
  dnsStatic,
  openclawAccount,
  openclawInstall,
  openclawOnboard,
  gatewayService,
  wslKeepAlive,
  gatewayLoopback,
  gatewayToken,
  credentialPermissions,
  mdnsOff,
  elevatedToolsOff,
  gatewayTerminalOff,
  sandboxDocker,
  nftablesRules,
  toolPolicy,
  channelAllowlist,
  skillsPinned,
  healthPing,
  auditFresh,
]

export function stepById(id: string): CatalogStep | undefined {
  return STEPS.find((s) => s.meta.id === id)
}

export function stepsFor(kind: TargetKind): readonly CatalogStep[] {
  return STEPS.filter((s) => s.meta.targets.includes(kind))
}
