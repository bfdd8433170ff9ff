"""Prediction with a LightGBM model file through LightGBM's own C library, without importing its
Python package.

``import lightgbm`` costs 0.35-0.45 s at every start, more than a third of a one-sentence check: its
``compat`` module imports pandas, scipy.sparse, scikit-learn, pyarrow and others whenever they are
installed (the development install's ``ray`` extra brings pandas and pyarrow; the wheel alone brings
scipy), although a dense NumPy matrix needs none of them. Hiding those packages while lightgbm is
imported would change lightgbm for a caller that imports it later in the same process with pandas
(a ``DataFrame`` would no longer be accepted), so instead the estimator calls the C functions that
``lightgbm.Booster`` itself calls for a dense NumPy matrix (``lightgbm/basic.py``:
``LGBM_BoosterCreateFromModelfile``, ``LGBM_BoosterCalcNumPredict``, ``LGBM_BoosterPredictForMat``),
with the same arguments: the same library computes the same numbers (tests/test_booster.py compares
them with ``lightgbm.Booster`` on thousands of rows, bit for bit). The library is the one the installed
lightgbm package ships (found where ``lightgbm/libpath.py`` looks for it); when lightgbm is already
imported, or the file is not where it should be, lightgbm's own handle on it is used.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
import threading
from pathlib import Path

import numpy as np

# lightgbm/basic.py's constants (LightGBM's c_api.h)
_DTYPE_FLOAT32, _DTYPE_FLOAT64 = 0, 1
_COL_MAJOR, _ROW_MAJOR = 0, 1
_PREDICT_NORMAL, _PREDICT_CONTRIB = 0, 3
_NAME_BUFFER = 255  # the first buffer size lightgbm's Booster.feature_name tries


class LightGBMError(Exception):
    """An error that LightGBM's C library reports (LGBM_GetLastError)."""


_lock = threading.Lock()
_library: ctypes.CDLL | None = None


def _library_file() -> Path | None:
    """lib_lightgbm of the installed lightgbm package, found as ``lightgbm/libpath.py`` finds it (its
    package folder's parent, ``bin/``, ``lib/``), without running the package's ``__init__``."""
    spec = importlib.util.find_spec("lightgbm")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    if sys.platform == "win32":
        name = "lib_lightgbm.dll"
    elif sys.platform == "darwin":
        name = "lib_lightgbm.dylib"
    else:
        name = "lib_lightgbm.so"
    for folder in (package.parent, package / "bin", package / "lib"):
        if (folder / name).is_file():
            return folder / name
    return None


def library() -> ctypes.CDLL:
    """The LightGBM C library (loaded once per process)."""
    global _library
    with _lock:
        if _library is None:
            path = None if "lightgbm.basic" in sys.modules else _library_file()
            if path is None:  # already imported (share its handle), or an unusual layout
                from lightgbm.basic import _LIB

                lib = _LIB
            else:
                lib = ctypes.cdll.LoadLibrary(str(path))
            lib.LGBM_GetLastError.restype = ctypes.c_char_p
            _library = lib
        return _library


def _call(result: int) -> None:
    if result != 0:
        raise LightGBMError(library().LGBM_GetLastError().decode("utf-8"))


class Booster:
    """A LightGBM model loaded from its text file, for prediction: the part of ``lightgbm.Booster``
    the quality estimator uses (``feature_name``, ``predict`` of a dense matrix, with ``pred_contrib``)."""

    def __init__(self, model_file: str | Path):
        lib = library()
        self._lib = lib
        self._handle = ctypes.c_void_p()
        iterations = ctypes.c_int(0)
        _call(
            lib.LGBM_BoosterCreateFromModelfile(
                ctypes.c_char_p(str(model_file).encode("utf-8")),
                ctypes.byref(iterations),
                ctypes.byref(self._handle),
            )
        )

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            self._lib.LGBM_BoosterFree(handle)

    def num_feature(self) -> int:
        out = ctypes.c_int(0)
        _call(self._lib.LGBM_BoosterGetNumFeature(self._handle, ctypes.byref(out)))
        return out.value

    def feature_name(self) -> list[str]:
        """The model's feature names (``lightgbm.Booster.feature_name``: a second call with larger
        buffers when a name is longer than the first ones hold)."""
        n = self.num_feature()
        size = _NAME_BUFFER
        while True:
            buffers = [ctypes.create_string_buffer(size) for _ in range(n)]
            pointers = (ctypes.c_char_p * n)(*map(ctypes.addressof, buffers))  # type: ignore[misc]
            count, needed = ctypes.c_int(0), ctypes.c_size_t(0)
            _call(
                self._lib.LGBM_BoosterGetFeatureNames(
                    self._handle, ctypes.c_int(n), ctypes.byref(count), ctypes.c_size_t(size),
                    ctypes.byref(needed), pointers,
                )
            )  # fmt: skip
            if count.value != n:
                raise LightGBMError("Length of feature names doesn't equal with num_feature")
            if needed.value <= size:
                return [b.value.decode("utf-8") for b in buffers]
            size = needed.value

    def predict(
        self, data: np.ndarray, pred_contrib: bool = False, num_threads: int | None = None
    ) -> np.ndarray:
        """``lightgbm.Booster.predict(data, pred_contrib=..., num_threads=...)`` for a 2-D NumPy
        matrix: every iteration of the model; one value per row, or per row the features'
        contributions and the base value (``pred_contrib``)."""
        data = np.asarray(data)
        if data.ndim != 2:
            raise ValueError("Input numpy.ndarray or list must be 2 dimensional")
        # lightgbm's _np2d_to_np1d: float32 and float64 as they are, anything else as float32; the
        # matrix's own order (a Fortran-ordered one column by column)
        dtype = data.dtype if data.dtype in (np.float32, np.float64) else np.float32
        order, layout = ("F", _COL_MAJOR) if data.flags["F_CONTIGUOUS"] else ("C", _ROW_MAJOR)
        flat = np.asarray(data, dtype=dtype, order=order).ravel(order=order)
        if flat.dtype == np.float32:
            pointer, kind = flat.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), _DTYPE_FLOAT32
        else:
            pointer, kind = flat.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), _DTYPE_FLOAT64
        nrow, ncol = data.shape
        predict_type = _PREDICT_CONTRIB if pred_contrib else _PREDICT_NORMAL
        # lightgbm passes the keyword parameters as "key=value" pairs, and best_iteration (-1 for a
        # model read from a file: all iterations) as num_iteration
        parameters = f"num_threads={num_threads}" if num_threads is not None else ""
        size = ctypes.c_int64(0)
        _call(
            self._lib.LGBM_BoosterCalcNumPredict(
                self._handle, ctypes.c_int(nrow), ctypes.c_int(predict_type), ctypes.c_int(0),
                ctypes.c_int(-1), ctypes.byref(size),
            )
        )  # fmt: skip
        out = np.empty(size.value, dtype=np.float64)
        written = ctypes.c_int64(0)
        _call(
            self._lib.LGBM_BoosterPredictForMat(
                self._handle, pointer, ctypes.c_int(kind), ctypes.c_int32(nrow), ctypes.c_int32(ncol),
                ctypes.c_int(layout), ctypes.c_int(predict_type), ctypes.c_int(0), ctypes.c_int(-1),
                ctypes.c_char_p(parameters.encode("utf-8")), ctypes.byref(written),
                out.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
            )
        )  # fmt: skip
        if written.value != size.value:
            raise ValueError("Wrong length for predict results")
        if nrow == 0:
            return out.reshape(0, ncol + 1) if pred_contrib else out
        if out.size != nrow or pred_contrib:
            if out.size % nrow:
                raise ValueError(f"Length of predict result ({out.size}) cannot be divide nrow ({nrow})")
            out = out.reshape(nrow, -1)
        return out
