from syrmap.cli import main

main()
