#!/bin/bash
# Undo of audit-fresh: nothing to undo. Apply only runs OpenClaw's audit and records when it ran; the record of an
# audit that did run stays true, so it stays.
printf '\033[1m==> %s\033[0m\n' 'Nothing to undo: this step only runs the audit and records when it ran.'
