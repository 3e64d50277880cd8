#!/bin/bash
# "Apply" of router-isolation: changes nothing. This step is a probe; the app saved the home devices and the home
# subnet you entered, and the check that runs next tries to reach those devices from this machine.
printf '\033[1m==> %s\033[0m\n' 'Nothing to change: this step only probes. The check runs next and tries to reach your home devices from this machine.'
