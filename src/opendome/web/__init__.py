"""Web views: CZML export and the local web app (FastAPI, an optional extra: opendome[web])."""
