from pressclip.cli import main

main()
