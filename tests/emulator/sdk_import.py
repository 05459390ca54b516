"""Import the official Huawei SDK without letting it write into the real home directory.

``huaweicloudsdkcore`` writes ``$HOME/.huaweicloud/application_id`` when its user-agent module is first
imported. Every import of the SDK in the emulator and its tests goes through isolated_home().
"""

import contextlib
import os
import shutil
import tempfile

_HOME_VARIABLES = ("HOME", "USERPROFILE")


@contextlib.contextmanager
def isolated_home():
    """Point HOME (and USERPROFILE) at a throw-away directory for the duration of the block."""
    home = tempfile.mkdtemp(prefix="hwsdk-home-")
    saved = {name: os.environ.get(name) for name in _HOME_VARIABLES}
    for name in _HOME_VARIABLES:
        os.environ[name] = home
    try:
        yield home
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(home, ignore_errors=True)


def load_sdk_signer():
    """Return (Signer, SdkRequest) from huaweicloudsdkcore, or None when the SDK is not installed."""
    try:
        with isolated_home():
            # Import the user-agent module too, so a later SDK import cannot write the file either.
            from huaweicloudsdkcore.http import user_agent  # noqa: F401  pylint: disable=unused-import
            from huaweicloudsdkcore.sdk_request import SdkRequest
            from huaweicloudsdkcore.signer.signer import Signer
    except ImportError:
        return None
    return Signer, SdkRequest
