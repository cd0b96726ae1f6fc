"""Push: the published mirror committed to git and pushed to every configured remote.

The last stage of a run: after the outputs are written, their changes become one commit
in the publishing repository (``repository``), and that commit goes to each remote of
``[publish] remotes`` (``step``; the push itself is ``net.git``'s, the only part that
reaches the network). A remote that fails costs only itself: the commit stays, and the
next run pushes it with whatever came since.
"""
