"""The error answers of the emulated gateway and DMS, as one exception type.

Every failure a handler detects is raised as ApiError and turned into the JSON body
``{"error_code", "error_msg"}`` by the server. Codes marked "emulator choice" are not documented by Huawei;
see README.md.
"""

# Gateway (API Gateway) errors; their bodies also carry "request_id", as APIG's do.
AUTH_FAILED = "APIGW.0301"  # 401 signature / credential failure
API_NOT_FOUND = "APIGW.0101"  # 404 no such API (unknown path or method)
GATEWAY_THROTTLED = "APIG.0308"  # 429 gateway flow control
BACKEND_UNAVAILABLE = "APIG.0201"  # 502/503 injected faults
BACKEND_TIMEOUT = "APIG.0202"  # 504 injected faults

# DMS errors.
INVALID_PARAM_VALUE = "DMS.00400062"  # a value outside its pattern, set or range
INVALID_PARAM_COMBINATION = "DMS.00400063"  # missing, conflicting or refused fields
INVALID_REQUEST = "DMS.00400800"  # body not a JSON object, wrong JSON type, bad query parameter
STATUS_FORBIDS = "DMS.00400026"  # instance/task status does not allow the action
JOB_RUNNING = "DMS.00400017"  # an enable/disable Smart Connect job is still running
QUOTA_EXCEEDED = "DMS.00400039"  # 18 tasks per instance
BAD_INSTANCE_ID = "DMS.00400030"
BAD_TASK_ID = "DMS.00400070"
INSTANCE_NOT_FOUND = "DMS.00404022"
TASK_NOT_FOUND = "DMS.00404070"  # emulator choice: the real code is undocumented
JOB_NOT_FOUND = "DMS.00404071"  # emulator choice: a background job that cannot be found
CONNECTOR_DISABLED = "DMS.00400706"  # emulator choice: Smart Connect is off on the instance
PROJECT_MISMATCH = "DMS.10240104"  # legacy DMS code "The project ID and token do not match"
NAME_TAKEN = "DMS.00400091"  # an emulator choice: the code of a taken task name is undocumented
DMS_THROTTLED = "DMS.10240407"  # 404 flow control (sic: a 404)
INTERNAL_ERROR = "DMS.00500000"  # injected 500

GATEWAY_CODES_PREFIXES = ("APIG.", "APIGW.")


class ApiError(Exception):
    """An HTTP error answer: status, error_code, error_msg and optional extra headers."""

    def __init__(self, status, error_code, error_msg, headers=None):
        super().__init__("%s %s: %s" % (status, error_code, error_msg))
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.headers = dict(headers or {})

    def body(self, request_id):
        if self.error_code is None:  # an answer without a code (a reading of the undocumented)
            return {"error_msg": self.error_msg}
        body = {"error_code": self.error_code, "error_msg": self.error_msg}
        if self.error_code.startswith(GATEWAY_CODES_PREFIXES):
            body["request_id"] = request_id
        return body


def invalid_value(message):
    return ApiError(400, INVALID_PARAM_VALUE, "Invalid parameter: %s" % message)


def invalid_combination(message):
    return ApiError(400, INVALID_PARAM_COMBINATION, "Invalid parameter: %s" % message)


def invalid_request(message):
    return ApiError(400, INVALID_REQUEST, "Invalid request: %s" % message)


def auth_failed(message):
    return ApiError(401, AUTH_FAILED, "Incorrect IAM authentication information: %s" % message)
