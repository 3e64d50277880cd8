#!/bin/bash
# Undo of router-isolation: nothing to undo. The probe changes nothing on this machine.
printf '\033[1m==> %s\033[0m\n' 'Nothing to undo: this step only probes and never changed anything here.'
