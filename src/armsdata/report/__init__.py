"""The reviewer report: execute every notebook and render a static, self-contained HTML site.

One step per module:

=====================  ========================================================================
:mod:`.provenance`     what a page was built from: data editions and their manifests' sha256,
                       the armsdata version, the git commit, the UTC time of the build
:mod:`.execute`        run a notebook in a fresh kernel with papermill (parameters injected,
                       errors mapped to :class:`ReportError` once, the kernel shut down after)
:mod:`.pages`          the notebooks (found, titled, the claims they check) and each one's page
:mod:`.index`          the index page: claims figure, verdict table, edition drift; the same page
                       for any claims file (``armsdata check --html``)
:mod:`.offline`        the check that no page fetches anything from the network
:mod:`.site`           :func:`build_site`: the whole site, moved into place at once
:mod:`.explore`        :func:`explore`: the who-arms-whom notebook for any recipient, one page
:mod:`.suppliers`      what that page shows: a recipient's suppliers on the newest release that
                       answers, over time, and on every release (compositions of queries)
=====================  ========================================================================

Every page opens from ``file://`` with no network, carries its provenance in a header and footer
outside the notebook cells, prints cleanly (no navigation or controls, every disclosure open,
addresses of links printed after them), and every figure has alt text.

Example
-------
>>> from armsdata import report
>>> report.build_site()                                  # doctest: +SKIP
PosixPath('site')
>>> report.explore("India", 2011, 2020)                  # doctest: +SKIP
PosixPath('explore-india-2011-2020.html')
"""

from armsdata.errors import ReportError
from armsdata.report.execute import DEFAULT_TIMEOUT, execute_notebook
from armsdata.report.explore import explore
from armsdata.report.index import write_check_page
from armsdata.report.pages import find_notebooks
from armsdata.report.site import build_site, notebook_recipients

__all__ = ["DEFAULT_TIMEOUT", "ReportError", "build_site", "execute_notebook", "explore",
           "find_notebooks", "notebook_recipients", "write_check_page"]
