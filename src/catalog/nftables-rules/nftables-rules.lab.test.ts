import { afterAll, expect } from 'vitest'
import { describeStepContract, labSh } from '../../../test/helpers/step-contract'
import { startHomeDevices, type HomeDevices } from '../../../test/lab/home-devices'
import { LAB_SANDBOX_IMAGE, LAB_SANDBOX_IMAGE_TAR, type Lab } from '../../../test/lab/lab'
import { nftablesRules } from './step'

/*
 * Over SSH on port 22, on a systemd lab with Debian's dockerd: the machine resolves through Quad9 (a static
 * resolv.conf); a NAS (192.168.1.20, listening on 445) stands for the LAN and 203.0.113.10 (a documentation address,
 * listening on 443) for the internet, each a host in its own netns reached through the lab. Real containers on docker0
 * (the sandbox image, loaded into the lab's dockerd) try both, so the rules are judged by the traffic they let through
 * and by Docker's NAT still working, after apply and after undo. `nft list ruleset` (counters left out) is the snapshot.
 */
const NAS = '192.168.1.20'
const NET = '203.0.113.10'
let lan: HomeDevices | undefined
let internet: HomeDevices | undefined

afterAll(async () => {
  await lan?.stop()
  await internet?.stop()
})

/** "open" when a container on docker0 connects to ADDR:PORT within 3 s, else "closed". */
const fromContainer = async (lab: Lab, addr: string, port: number): Promise<string> =>
  (await labSh(lab, `docker run --rm --network bridge ${LAB_SANDBOX_IMAGE} bash -c 'timeout 3 bash -c "</dev/tcp/${addr}/${port}" 2>/dev/null && echo open || echo closed'`)).trim()

/** The hand-made table of a careful admin: the app's rules in /etc/nftables.conf (no flush ruleset), nftables.service enabled. */
const HAND = `table inet oc_sandbox
delete table inet oc_sandbox
table inet oc_sandbox {
  set private_ipv4 { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 } }
  chain forward {
    type filter hook forward priority 0; policy accept;
    iifname "docker0" oifname "docker0" accept
    iifname "docker0" ip daddr { 9.9.9.9, 149.112.112.112 } udp dport 53 accept
    iifname "docker0" ip daddr { 9.9.9.9, 149.112.112.112 } tcp dport 53 accept
    iifname "docker0" ip daddr @private_ipv4 drop
    iifname "docker0" ip6 daddr { fc00::/7, fe80::/10, ff00::/8 } drop
    iifname "docker0" ip daddr 224.0.0.0/4 drop
    iifname "docker0" udp dport 53 drop
    iifname "docker0" tcp dport 53 drop
    iifname "docker0" accept
  }
}
`

describeStepContract(nftablesRules, {
  lab: { systemd: true, docker: true },
  setup: async (lab) => {
    await labSh(lab, 'rm -f /etc/resolv.conf && printf "nameserver 9.9.9.9\\nnameserver 149.112.112.112\\n" >/etc/resolv.conf')
    await labSh(lab, `docker load -i ${LAB_SANDBOX_IMAGE_TAR} >/dev/null`)
    lan = await startHomeDevices(lab, [NAS])
    await lan.answer(NAS, [445])
    internet = await startHomeDevices(lab, [NET])
    await internet.answer(NET, [443])
    // Before: Docker's NAT takes the container to both.
    expect(await fromContainer(lab, NAS, 445)).toBe('open')
    expect(await fromContainer(lab, NET, 443)).toBe('open')
  },
  // The whole ruleset (Docker's tables included), without counters, which traffic moves; and the app's file and unit.
  touched: (lab) =>
    labSh(lab, `nft list ruleset | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'
      ls -l /etc/openclaw-secure-setup/nftables /etc/systemd/system/ocss-nftables.service 2>&1 | sed -E 's/ [A-Z][a-z]{2} +[0-9]+ [0-9:]+ / /' || true
      systemctl is-enabled ocss-nftables.service 2>&1 || true; ls -A /var/lib/openclaw-secure-setup/undo 2>/dev/null || true`),
  exact: (lab) => labSh(lab, `nft list ruleset | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'; stat -c '%n %i %Y' /etc/openclaw-secure-setup/nftables/oc-sandbox.nft /etc/systemd/system/ocss-nftables.service; find /var/lib/openclaw-secure-setup/undo -printf '%p %T@\\n' | sort`),
  afterApply: async (run, lab) => {
    expect(run.stdout).toMatch(/Name servers this machine uses; sandboxes may send DNS only to them: 9\.9\.9\.9 149\.112\.112\.112/)
    expect(run.stdout).toMatch(/Checking the rules: nft -c -f /)
    // The LAN is out of reach; the internet is not, so Docker's NAT still works beside the table.
    expect(await fromContainer(lab, NAS, 445)).toBe('closed')
    expect(await fromContainer(lab, NET, 443)).toBe('open')
    expect(await labSh(lab, 'iptables -t nat -S POSTROUTING')).toMatch(/MASQUERADE/)
  },
  afterUndo: async (lab) => {
    expect(await fromContainer(lab, NAS, 445)).toBe('open')
    expect(await fromContainer(lab, NET, 443)).toBe('open')
  },
  hardenByHand: async (lab) => {
    await labSh(lab, 'cat >/etc/nftables.conf && systemctl enable --now nftables.service 2>/dev/null && nft list table inet oc_sandbox >/dev/null', { input: HAND })
    expect(await fromContainer(lab, NAS, 445)).toBe('closed')
  },
  breakByHand: (lab) => labSh(lab, 'systemctl disable nftables.service 2>/dev/null').then(() => undefined),
  alsoFails: [
    {
      what: 'the LAN drop rule deleted by hand (nft delete rule … handle)',
      make: async (lab) => {
        await labSh(lab, "h=$(nft -a list chain inet oc_sandbox forward | sed -n 's/.*@private_ipv4 drop # handle \\([0-9]*\\)$/\\1/p') && [ -n \"$h\" ] && nft delete rule inet oc_sandbox forward handle \"$h\"")
        expect(await fromContainer(lab, NAS, 445)).toBe('open')
      },
      unmake: (lab) => labSh(lab, 'nft -f /etc/nftables.conf').then(() => undefined),
    },
    {
      // Also removes Docker's own rules: Docker makes them again when it restarts.
      what: 'nft flush ruleset by hand',
      make: (lab) => labSh(lab, 'nft flush ruleset').then(() => undefined),
      unmake: async (lab) => {
        await labSh(lab, 'systemctl restart docker.service && nft -f /etc/nftables.conf')
        expect(await fromContainer(lab, NET, 443)).toBe('open')
      },
    },
  ],
  siblings: ['ufw-firewall'],
  timeoutMs: 300_000,
})
