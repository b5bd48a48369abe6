"""gunicorn settings shared by the image, docker-compose, `make cluster` and `make bench` (`-c` this file).

The application is loaded once in the master (`preload_app`) and the workers are forked from it, so jieba's
dictionary, the URL resolver and the imported code are shared copy-on-write instead of loaded per worker. Following
the advice of Python's `gc.freeze()`: the collector stays off while the master imports (no freed holes in the
shared pages), everything the master built is frozen just before each fork (a child's collections then never write
to those objects' headers), and each worker turns the collector back on.
"""

import gc

preload_app = True
gc.disable()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
