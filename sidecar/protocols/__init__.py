"""Wire shapes: each module turns one API's JSON into internal requests and back."""
