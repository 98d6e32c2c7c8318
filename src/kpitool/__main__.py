from kpitool.cli import console

console()
