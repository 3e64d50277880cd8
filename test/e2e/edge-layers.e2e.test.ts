import { describeEdgeLayers } from './edge-layers-suite'

// Issue 12's layers (router probe, DNS pinning, pinned skills, the health ping) through the wizard and the built CLI
// over SSH on port 22, each broken by hand once: see describeEdgeLayers for the order and what each test asserts.
describeEdgeLayers({ kind: 'ssh' })
