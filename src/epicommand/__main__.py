from epicommand.cli import main

main()
