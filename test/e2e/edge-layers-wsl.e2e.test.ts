import { describeEdgeLayers } from './edge-layers-suite'

// Issue 12's layers through the wizard and the built CLI on WSL, through the wsl.exe stand-in (Windows mocked): see
// describeEdgeLayers for the order and what each test asserts.
describeEdgeLayers({ kind: 'wsl' })
