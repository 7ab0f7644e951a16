from web.bootstrap import serve
from web.config import Settings

if __name__ == "__main__":
    serve(Settings())
