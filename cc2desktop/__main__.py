from cc2desktop.cli import main

raise SystemExit(main())
