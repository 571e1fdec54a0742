"""Drive the official Scaleway Python SDK against the local MNQ v1beta1 emulator.

The Rust integration test starts the emulator (empty: no NATS accounts, no
credentials, Queues and Topics and Events not activated) and runs:

    SCW_API_URL=http://127.0.0.1:PORT \\
    SCW_ACCESS_KEY=SCWXXXXXXXXXXXXXXXXX \\
    SCW_SECRET_KEY=<uuid> \\
    SCW_DEFAULT_ORGANIZATION_ID=<uuid> \\
    SCW_DEFAULT_PROJECT_ID=<uuid> \\
    SCW_DEFAULT_REGION=fr-par \\
    python tests/python/sdk_check.py

Requires PyPI `scaleway==2.12.0` (unchanged) and only the standard library
otherwise.  Every check prints `ok   <what>` or `FAIL <what>: <detail>`; the
last line is `N passed, M failed`.

Exit codes: 0 all checks passed, 1 at least one failed, 3 the SDK is not
installed (the Rust driver then skips instead of failing).

Set SDK_CHECK_VERBOSE=1 to log every HTTP request/response made by the SDK.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import sys
import traceback
import uuid
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlparse

try:
    from scaleway import Client, ScalewayException
    from scaleway.account.v3 import AccountV3ProjectAPI, ListProjectsRequestOrderBy
    from scaleway.mnq.v1beta1 import (
        ListNatsAccountsRequestOrderBy,
        ListSnsCredentialsRequestOrderBy,
        ListSqsCredentialsRequestOrderBy,
        MnqV1Beta1NatsAPI,
        MnqV1Beta1SnsAPI,
        MnqV1Beta1SqsAPI,
        SnsInfoStatus,
        SnsPermissions,
        SqsInfoStatus,
        SqsPermissions,
    )
except ImportError:
    print("scaleway SDK not installed", file=sys.stderr)
    sys.exit(3)


FR_PAR = "fr-par"
NL_AMS = "nl-ams"

# Number of Queues / Topics and Events credentials created to force paging:
# the server's default page size is 20, so list_*_all() needs a second page.
BULK_COUNT = 25
SERVER_DEFAULT_PAGE_SIZE = 20

NATS_ACCOUNT_ID_RE = re.compile(r"^A[A-Z2-7]{55}$")
ACCESS_KEY_RE = re.compile(r"^[A-Za-z0-9]{20}$")
SHA1_HEX_RE = re.compile(r"^[0-9a-f]{40}$")


# --------------------------------------------------------------------------
# Tiny check helpers
# --------------------------------------------------------------------------


class Checker:
    """Counts and prints check results."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def ok(self, what: str) -> None:
        self.passed += 1
        print(f"ok   {what}", flush=True)

    def fail(self, what: str, detail: str) -> None:
        self.failed += 1
        print(f"FAIL {what}: {detail}", flush=True)

    def check(self, what: str, condition: bool, detail: str = "") -> bool:
        if condition:
            self.ok(what)
        else:
            self.fail(what, detail or "condition is false")
        return condition

    def equal(self, what: str, actual: Any, expected: Any) -> bool:
        return self.check(
            what, actual == expected, f"got {actual!r}, expected {expected!r}"
        )

    def expect_error(
        self,
        what: str,
        status: int,
        error_type: str,
        call: Callable[[], Any],
    ) -> None:
        """`call` must raise the SDK's own exception with this HTTP status and
        Scaleway error `type`.  The SDK has a single exception class for HTTP
        errors, scaleway_core.api.ScalewayException (its only subclass,
        ValidationError, is reserved for legacy `"message": "Validation Error"`
        bodies), so we assert the exact class."""
        try:
            call()
        except ScalewayException as exc:
            error_body = _json_or_none(exc.response)
            got_type = error_body.get("type") if isinstance(error_body, dict) else None
            self.check(
                what,
                type(exc) is ScalewayException
                and exc.status_code == status
                and got_type == error_type,
                f"got {type(exc).__name__} status={exc.status_code} "
                f"type={got_type!r}, expected ScalewayException "
                f"status={status} type={error_type!r} (body: {exc.response.text!r})",
            )
        except Exception as exc:  # noqa: BLE001 - reported as a failure
            self.fail(what, f"raised {type(exc).__name__} instead: {exc}")
        else:
            self.fail(what, f"no exception raised, expected HTTP {status}")


def _json_or_none(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def run_section(ck: Checker, name: str, section: Callable[[Checker], None]) -> None:
    """Run one product's checks; an unexpected exception counts as one
    failure and does not stop the other sections."""
    print(f"# {name}", flush=True)
    try:
        section(ck)
    except ScalewayException as exc:
        ck.fail(
            f"{name}: unexpected API error",
            f"HTTP {exc.status_code} on {exc.response.request.method} "
            f"{exc.response.request.url}: {exc.response.text}",
        )
    except Exception as exc:  # noqa: BLE001 - reported as a failure
        traceback.print_exc(file=sys.stderr)
        ck.fail(f"{name}: unexpected exception", f"{type(exc).__name__}: {exc}")


def is_uuid(value: Any) -> bool:
    try:
        return str(uuid.UUID(str(value))) == str(value).lower()
    except ValueError:
        return False


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def ordered_timestamps(obj: Any) -> bool:
    return (
        obj.created_at is not None
        and obj.updated_at is not None
        and obj.updated_at >= obj.created_at
    )


# --------------------------------------------------------------------------
# Client setup
# --------------------------------------------------------------------------


def bypass_proxy_for(api_url: str) -> None:
    """requests honours HTTP(S)_PROXY even for loopback addresses unless
    NO_PROXY says otherwise; make sure the emulator is reached directly."""
    host = urlparse(api_url).hostname
    if not host:
        return
    for var in ("NO_PROXY", "no_proxy"):
        current = os.environ.get(var, "")
        if host not in current.split(","):
            os.environ[var] = f"{current},{host}" if current else host


def make_client() -> Client:
    client = Client.from_env()
    client.validate()  # same validation every API constructor runs
    return client


# --------------------------------------------------------------------------
# NATS
# --------------------------------------------------------------------------


def check_nats(client: Client, ck: Checker) -> None:
    api = MnqV1Beta1NatsAPI(client)
    project_id = client.default_project_id

    ck.equal(
        "nats: list_nats_accounts_all is empty at start",
        api.list_nats_accounts_all(region=FR_PAR),
        [],
    )

    # --- accounts -----------------------------------------------------
    orders = api.create_nats_account(region=FR_PAR, name="sdk-check-orders")
    ck.check(
        "nats: create_nats_account returns a 56-char NATS account id",
        bool(NATS_ACCOUNT_ID_RE.match(orders.id or "")),
        f"got id {orders.id!r}",
    )
    ck.equal("nats: created account name", orders.name, "sdk-check-orders")
    ck.equal("nats: created account project_id", orders.project_id, project_id)
    ck.equal("nats: created account region", orders.region, FR_PAR)
    ck.check(
        "nats: created account has an endpoint",
        bool(orders.endpoint),
        f"got {orders.endpoint!r}",
    )
    ck.check(
        "nats: created account has timestamps",
        ordered_timestamps(orders),
        f"created_at={orders.created_at} updated_at={orders.updated_at}",
    )

    fetched = api.get_nats_account(region=FR_PAR, nats_account_id=orders.id)
    ck.equal(
        "nats: get_nats_account returns the account",
        (fetched.id, fetched.name, fetched.project_id, fetched.region, fetched.endpoint),
        (orders.id, orders.name, orders.project_id, orders.region, orders.endpoint),
    )

    analytics = api.create_nats_account(region=FR_PAR, name="sdk-check-analytics")
    accounts = api.list_nats_accounts_all(region=FR_PAR)
    ck.equal(
        "nats: list_nats_accounts_all returns both accounts once",
        sorted(a.id for a in accounts),
        sorted([orders.id, analytics.id]),
    )
    page = api.list_nats_accounts(region=FR_PAR)
    ck.equal("nats: list_nats_accounts total_count", page.total_count, 2)

    by_name = api.list_nats_accounts_all(
        region=FR_PAR, order_by=ListNatsAccountsRequestOrderBy.NAME_DESC
    )
    ck.equal(
        "nats: order_by=name_desc sorts accounts by name",
        [a.name for a in by_name],
        ["sdk-check-orders", "sdk-check-analytics"],
    )

    ck.equal(
        "nats: nl-ams list does not show fr-par accounts",
        api.list_nats_accounts_all(region=NL_AMS),
        [],
    )

    renamed = api.update_nats_account(
        region=FR_PAR, nats_account_id=orders.id, name="sdk-check-orders-v2"
    )
    ck.equal("nats: update_nats_account renames", renamed.name, "sdk-check-orders-v2")
    ck.equal("nats: rename keeps the id", renamed.id, orders.id)
    ck.check(
        "nats: rename keeps updated_at >= created_at",
        ordered_timestamps(renamed),
        f"created_at={renamed.created_at} updated_at={renamed.updated_at}",
    )
    ck.equal(
        "nats: get after rename shows the new name",
        api.get_nats_account(region=FR_PAR, nats_account_id=orders.id).name,
        "sdk-check-orders-v2",
    )

    # --- credentials --------------------------------------------------
    worker = api.create_nats_credentials(
        region=FR_PAR, nats_account_id=orders.id, name="worker-1"
    )
    ck.check("nats: create_nats_credentials id is a UUID", is_uuid(worker.id), worker.id)
    ck.equal("nats: created credentials name", worker.name, "worker-1")
    ck.equal("nats: created credentials account", worker.nats_account_id, orders.id)
    ck.equal("nats: created credentials region", worker.region, FR_PAR)
    if ck.check(
        "nats: create returns the credentials file",
        worker.credentials is not None,
        "credentials is None",
    ):
        content = worker.credentials.content or ""
        ck.equal("nats: credentials file name", worker.credentials.name, "user.creds")
        ck.check(
            "nats: .creds starts with the user JWT block",
            content.startswith("-----BEGIN NATS USER JWT-----"),
            f"starts with {content[:40]!r}",
        )
        ck.check(
            "nats: .creds contains the user NKEY seed block",
            "-----BEGIN USER NKEY SEED-----" in content,
            "seed block missing",
        )
        ck.equal("nats: checksum is sha1(content)", worker.checksum, sha1_hex(content))

    fetched_creds = api.get_nats_credentials(region=FR_PAR, nats_credentials_id=worker.id)
    ck.equal("nats: get_nats_credentials name", fetched_creds.name, "worker-1")
    ck.check(
        "nats: get_nats_credentials has no credentials file",
        fetched_creds.credentials is None,
        f"got {fetched_creds.credentials!r}",
    )
    ck.equal("nats: get keeps the checksum", fetched_creds.checksum, worker.checksum)

    worker2 = api.create_nats_credentials(
        region=FR_PAR, nats_account_id=orders.id, name="worker-2"
    )
    other = api.create_nats_credentials(
        region=FR_PAR, nats_account_id=analytics.id, name="analytics-reader"
    )
    listed = api.list_nats_credentials_all(region=FR_PAR, nats_account_id=orders.id)
    ck.equal(
        "nats: list_nats_credentials_all filters by nats_account_id",
        sorted(c.id for c in listed),
        sorted([worker.id, worker2.id]),
    )
    ck.check(
        "nats: listed credentials carry no credentials file",
        all(c.credentials is None for c in listed),
        "a listed item has a credentials file",
    )
    ck.equal(
        "nats: unfiltered list_nats_credentials_all returns all three",
        sorted(c.id for c in api.list_nats_credentials_all(region=FR_PAR)),
        sorted([worker.id, worker2.id, other.id]),
    )

    api.delete_nats_credentials(region=FR_PAR, nats_credentials_id=worker.id)
    ck.ok("nats: delete_nats_credentials")
    ck.expect_error(
        "nats: get deleted credentials raises ScalewayException 404",
        404,
        "not_found",
        lambda: api.get_nats_credentials(region=FR_PAR, nats_credentials_id=worker.id),
    )
    ck.equal(
        "nats: deleted credentials gone from the list",
        [c.id for c in api.list_nats_credentials_all(region=FR_PAR, nats_account_id=orders.id)],
        [worker2.id],
    )

    # Deleting an account also deletes its credentials.
    api.delete_nats_account(region=FR_PAR, nats_account_id=analytics.id)
    ck.ok("nats: delete_nats_account")
    ck.expect_error(
        "nats: get deleted account raises ScalewayException 404",
        404,
        "not_found",
        lambda: api.get_nats_account(region=FR_PAR, nats_account_id=analytics.id),
    )
    ck.expect_error(
        "nats: credentials of a deleted account are gone (404)",
        404,
        "not_found",
        lambda: api.get_nats_credentials(region=FR_PAR, nats_credentials_id=other.id),
    )

    api.delete_nats_account(region=FR_PAR, nats_account_id=orders.id)
    ck.equal(
        "nats: no accounts left after deleting both",
        api.list_nats_accounts_all(region=FR_PAR),
        [],
    )
    ck.equal(
        "nats: no credentials left after deleting both accounts",
        api.list_nats_credentials_all(region=FR_PAR),
        [],
    )


# --------------------------------------------------------------------------
# Queues (SQS) and Topics and Events (SNS): same API shape, one shared flow
# --------------------------------------------------------------------------


@dataclass
class CredentialsProduct:
    """The SDK calls of one credentials product, spelled out explicitly."""

    label: str
    resource: str  # "sqs" / "sns", used in the expected endpoint URL
    get_info: Callable[..., Any]
    activate: Callable[..., Any]
    deactivate: Callable[..., Any]
    create: Callable[..., Any]
    get: Callable[..., Any]
    list_page: Callable[..., Any]
    list_all: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    id_arg: str  # "sqs_credentials_id" / "sns_credentials_id"
    items_key: str  # "sqs_credentials" / "sns_credentials"
    endpoint_attr: str  # "sqs_endpoint_url" / "sns_endpoint_url"
    permissions: type  # SqsPermissions / SnsPermissions
    name_asc: Any  # List*CredentialsRequestOrderBy.NAME_ASC
    enabled: Any  # *InfoStatus.ENABLED
    disabled: Any  # *InfoStatus.DISABLED


def queues_product(client: Client) -> CredentialsProduct:
    api = MnqV1Beta1SqsAPI(client)
    return CredentialsProduct(
        label="queues",
        resource="sqs",
        get_info=api.get_sqs_info,
        activate=api.activate_sqs,
        deactivate=api.deactivate_sqs,
        create=api.create_sqs_credentials,
        get=api.get_sqs_credentials,
        list_page=api.list_sqs_credentials,
        list_all=api.list_sqs_credentials_all,
        update=api.update_sqs_credentials,
        delete=api.delete_sqs_credentials,
        id_arg="sqs_credentials_id",
        items_key="sqs_credentials",
        endpoint_attr="sqs_endpoint_url",
        permissions=SqsPermissions,
        name_asc=ListSqsCredentialsRequestOrderBy.NAME_ASC,
        enabled=SqsInfoStatus.ENABLED,
        disabled=SqsInfoStatus.DISABLED,
    )


def topics_product(client: Client) -> CredentialsProduct:
    api = MnqV1Beta1SnsAPI(client)
    return CredentialsProduct(
        label="topics",
        resource="sns",
        get_info=api.get_sns_info,
        activate=api.activate_sns,
        deactivate=api.deactivate_sns,
        create=api.create_sns_credentials,
        get=api.get_sns_credentials,
        list_page=api.list_sns_credentials,
        list_all=api.list_sns_credentials_all,
        update=api.update_sns_credentials,
        delete=api.delete_sns_credentials,
        id_arg="sns_credentials_id",
        items_key="sns_credentials",
        endpoint_attr="sns_endpoint_url",
        permissions=SnsPermissions,
        name_asc=ListSnsCredentialsRequestOrderBy.NAME_ASC,
        enabled=SnsInfoStatus.ENABLED,
        disabled=SnsInfoStatus.DISABLED,
    )


def perms_tuple(perms: Any) -> tuple[bool, bool, bool] | None:
    if perms is None:
        return None
    return (perms.can_publish, perms.can_receive, perms.can_manage)


def check_activation(p: CredentialsProduct, project_id: str, ck: Checker) -> None:
    tag = p.label
    info = p.get_info(region=FR_PAR)
    ck.equal(f"{tag}: info is disabled at start", info.status, p.disabled)
    ck.equal(f"{tag}: info project_id", info.project_id, project_id)
    ck.equal(f"{tag}: info region", info.region, FR_PAR)
    ck.check(
        f"{tag}: disabled info has null timestamps",
        info.created_at is None and info.updated_at is None,
        f"created_at={info.created_at} updated_at={info.updated_at}",
    )

    # The emulator's own data plane, under the API's URL.
    expected_endpoint = f"{os.environ['SCW_API_URL']}/{p.resource}/{FR_PAR}"
    info = p.activate(region=FR_PAR)
    ck.equal(f"{tag}: activate returns enabled", info.status, p.enabled)
    ck.check(
        f"{tag}: activate sets timestamps",
        info.created_at is not None and info.updated_at is not None,
        f"created_at={info.created_at} updated_at={info.updated_at}",
    )

    info = p.get_info(region=FR_PAR)
    ck.equal(f"{tag}: info is enabled after activate", info.status, p.enabled)
    ck.equal(
        f"{tag}: info endpoint URL",
        getattr(info, p.endpoint_attr),
        expected_endpoint,
    )
    ck.equal(
        f"{tag}: nl-ams stays disabled",
        p.get_info(region=NL_AMS).status,
        p.disabled,
    )

    ck.expect_error(
        f"{tag}: activate twice raises ScalewayException 409",
        409,
        "already_exists",
        lambda: p.activate(region=FR_PAR),
    )


def check_credentials_crud(p: CredentialsProduct, project_id: str, ck: Checker) -> None:
    tag = p.label

    def id_of(creds: Any) -> dict[str, str]:
        """The id keyword argument of get/update/delete for this product."""
        return {p.id_arg: creds.id}

    ck.equal(f"{tag}: list_all is empty at start", p.list_all(region=FR_PAR), [])

    first = p.create(
        region=FR_PAR,
        name="sdk-check-orders-producer",
        permissions=p.permissions(can_publish=True, can_receive=True, can_manage=False),
    )
    ck.check(f"{tag}: create id is a UUID", is_uuid(first.id), first.id)
    ck.equal(f"{tag}: created name", first.name, "sdk-check-orders-producer")
    ck.equal(f"{tag}: created project_id", first.project_id, project_id)
    ck.equal(f"{tag}: created region", first.region, FR_PAR)
    ck.check(
        f"{tag}: create returns a secret_key",
        bool(first.secret_key),
        f"got {first.secret_key!r}",
    )
    ck.check(
        f"{tag}: access_key is 20 alphanumeric chars",
        bool(ACCESS_KEY_RE.match(first.access_key or "")),
        f"got {first.access_key!r}",
    )
    ck.check(
        f"{tag}: secret_checksum is 40 hex chars",
        bool(SHA1_HEX_RE.match(first.secret_checksum or "")),
        f"got {first.secret_checksum!r}",
    )
    ck.equal(
        f"{tag}: created permissions",
        perms_tuple(first.permissions),
        (True, True, False),
    )
    ck.check(
        f"{tag}: created timestamps",
        ordered_timestamps(first),
        f"created_at={first.created_at} updated_at={first.updated_at}",
    )

    got = p.get(region=FR_PAR, **id_of(first))
    ck.equal(f"{tag}: get name", got.name, first.name)
    ck.equal(f"{tag}: get access_key", got.access_key, first.access_key)
    ck.equal(f"{tag}: get secret_checksum", got.secret_checksum, first.secret_checksum)
    ck.equal(f"{tag}: get permissions", perms_tuple(got.permissions), (True, True, False))

    # Bulk-create so that the total (25) exceeds the server page size (20).
    # Creation order is scrambled so that name order != creation order.
    created = [first]
    for i in range(1, BULK_COUNT):
        n = (i * 7) % BULK_COUNT
        created.append(
            p.create(
                region=FR_PAR,
                name=f"sdk-check-bulk-{n:02d}",
                permissions=p.permissions(
                    can_publish=n % 2 == 0, can_receive=n % 2 == 1, can_manage=n % 5 == 0
                ),
            )
        )
    created_ids = sorted(c.id for c in created)

    page1 = p.list_page(region=FR_PAR)
    ck.equal(f"{tag}: list total_count", page1.total_count, BULK_COUNT)
    ck.equal(
        f"{tag}: first page holds the server default page size",
        len(getattr(page1, p.items_key)),
        SERVER_DEFAULT_PAGE_SIZE,
    )
    ck.check(
        f"{tag}: listed items carry no secret_key",
        all(not c.secret_key for c in getattr(page1, p.items_key)),
        "a listed item has a secret_key",
    )

    everything = p.list_all(region=FR_PAR)
    ck.equal(
        f"{tag}: list_all pages through all {BULK_COUNT} credentials exactly once",
        sorted(c.id for c in everything),
        created_ids,
    )
    small_pages = p.list_all(region=FR_PAR, page_size=10)
    ck.equal(
        f"{tag}: list_all with page_size=10 returns all {BULK_COUNT} exactly once",
        sorted(c.id for c in small_pages),
        created_ids,
    )

    names = [c.name for c in p.list_all(region=FR_PAR, order_by=p.name_asc)]
    ck.check(
        f"{tag}: order_by=name_asc returns names sorted",
        names == sorted(names) and len(names) == BULK_COUNT,
        f"got {names}",
    )

    # Update name + permissions, then a partial update (the SDK omits None
    # permission fields, which must leave them unchanged).
    updated = p.update(
        region=FR_PAR,
        **id_of(first),
        name="sdk-check-orders-consumer",
        permissions=p.permissions(can_publish=False, can_receive=True, can_manage=True),
    )
    ck.equal(f"{tag}: update returns the new name", updated.name, "sdk-check-orders-consumer")
    ck.equal(
        f"{tag}: update returns the new permissions",
        perms_tuple(updated.permissions),
        (False, True, True),
    )
    ck.equal(f"{tag}: update keeps the access_key", updated.access_key, first.access_key)
    ck.check(
        f"{tag}: update keeps updated_at >= created_at",
        ordered_timestamps(updated) and updated.updated_at >= first.updated_at,
        f"created_at={updated.created_at} updated_at={updated.updated_at}",
    )

    partial = p.update(
        region=FR_PAR,
        **id_of(first),
        permissions=p.permissions(can_publish=True, can_receive=None, can_manage=None),
    )
    ck.equal(
        f"{tag}: partial permissions update leaves omitted fields unchanged",
        perms_tuple(partial.permissions),
        (True, True, True),
    )
    ck.equal(f"{tag}: partial update keeps the name", partial.name, "sdk-check-orders-consumer")

    got = p.get(region=FR_PAR, **id_of(first))
    ck.equal(
        f"{tag}: get after update",
        (got.name, perms_tuple(got.permissions)),
        ("sdk-check-orders-consumer", (True, True, True)),
    )

    p.delete(region=FR_PAR, **id_of(first))
    ck.ok(f"{tag}: delete credentials")
    ck.expect_error(
        f"{tag}: get deleted credentials raises ScalewayException 404",
        404,
        "not_found",
        lambda: p.get(region=FR_PAR, **id_of(first)),
    )

    for creds in created[1:]:
        p.delete(region=FR_PAR, **id_of(creds))
    ck.equal(f"{tag}: list_all is empty after deleting all", p.list_all(region=FR_PAR), [])


def check_deactivation(p: CredentialsProduct, ck: Checker) -> None:
    tag = p.label
    info = p.deactivate(region=FR_PAR)
    ck.equal(f"{tag}: deactivate returns disabled", info.status, p.disabled)
    ck.equal(
        f"{tag}: info is disabled after deactivate",
        p.get_info(region=FR_PAR).status,
        p.disabled,
    )
    ck.expect_error(
        f"{tag}: deactivate twice raises ScalewayException 404",
        404,
        "not_found",
        lambda: p.deactivate(region=FR_PAR),
    )


def check_credentials_product(p: CredentialsProduct, client: Client, ck: Checker) -> None:
    project_id = client.default_project_id
    check_activation(p, project_id, ck)
    check_credentials_crud(p, project_id, ck)
    check_deactivation(p, ck)


def check_queues(client: Client, ck: Checker) -> None:
    check_credentials_product(queues_product(client), client, ck)


def check_topics(client: Client, ck: Checker) -> None:
    check_credentials_product(topics_product(client), client, ck)


# --------------------------------------------------------------------------
# Account: the organisation's projects
# --------------------------------------------------------------------------


def check_projects(client: Client, ck: Checker) -> None:
    """AccountV3ProjectAPI.list_projects_all, as `mnq-tui list --project all`
    reads it: the empty seed has one project, the API key's default."""
    api = AccountV3ProjectAPI(client)
    projects = api.list_projects_all()
    ck.equal(
        "projects: list_projects_all lists the default project",
        [p.id for p in projects],
        [client.default_project_id],
    )
    ck.equal(
        "projects: the project belongs to the configured organisation",
        projects[0].organization_id if projects else None,
        client.default_organization_id,
    )
    ck.check(
        "projects: the project has a name and a creation date",
        bool(projects) and projects[0].name == "default" and projects[0].created_at is not None,
        f"got {projects!r}",
    )
    ck.equal(
        "projects: list_projects total_count",
        api.list_projects(page_size=1).total_count,
        1,
    )
    ck.equal(
        "projects: list_projects_all(page_size=1) pages to the end, each project once",
        [p.id for p in api.list_projects_all(page_size=1)],
        [client.default_project_id],
    )
    ck.equal(
        "projects: order_by=name_desc is accepted",
        [p.id for p in api.list_projects_all(order_by=ListProjectsRequestOrderBy.NAME_DESC)],
        [client.default_project_id],
    )
    ck.expect_error(
        "projects: another organisation raises ScalewayException 403",
        403,
        "permissions_denied",
        lambda: api.list_projects(organization_id=str(uuid.uuid4())),
    )


# --------------------------------------------------------------------------
# Authentication
# --------------------------------------------------------------------------


def check_auth(client: Client, ck: Checker) -> None:
    """A well-formed but unknown secret key is refused with 401."""
    stranger = copy.copy(client)
    stranger.secret_key = str(uuid.uuid4())
    api = MnqV1Beta1NatsAPI(stranger)
    ck.expect_error(
        "auth: unknown secret key raises ScalewayException 401",
        401,
        "denied_authentication",
        lambda: api.list_nats_accounts(region=FR_PAR),
    )


# --------------------------------------------------------------------------


def main() -> int:
    if os.environ.get("SDK_CHECK_VERBOSE"):
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)

    ck = Checker()
    bypass_proxy_for(os.environ.get("SCW_API_URL", ""))
    try:
        client = make_client()
    except Exception as exc:  # noqa: BLE001 - reported as a failure
        ck.fail("client: Client.from_env() from SCW_* variables", str(exc))
    else:
        ck.ok("client: Client.from_env() from SCW_* variables")
        ck.equal("client: default region", client.default_region, FR_PAR)
        run_section(ck, "nats", lambda c: check_nats(client, c))
        run_section(ck, "queues", lambda c: check_queues(client, c))
        run_section(ck, "topics", lambda c: check_topics(client, c))
        run_section(ck, "projects", lambda c: check_projects(client, c))
        run_section(ck, "auth", lambda c: check_auth(client, c))

    print(f"{ck.passed} passed, {ck.failed} failed", flush=True)
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
