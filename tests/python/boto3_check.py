"""boto3 judges the emulator's data planes: Queues (SQS) and Topics and Events (SNS).

The Rust test (tests/boto3.rs) starts an empty emulator and runs this script with the
emulator's SCW_* variables. The official Scaleway SDK plays the console's part on the API
(activate, create credentials, update their permissions, revoke them); boto3 plays the
application's part on the endpoints that sqs-info and sns-info answer.

Checked, for each product: what a key may do with its permissions works end to end (a queue
made, messages sent and received with the right MD5s; a topic made, a publication reaching a
subscribed queue); an update that removes Write refuses the next publication with the
documented code while reads go on; after a revoke every call is refused, from the first
request after the revoke's answer. And requests that boto3 signs with another secret, an old
clock, or that are changed after signing (body, signed header) are refused with the
documented code.

Every check prints `ok   <what>` or `FAIL <what>: <detail>`; `figure <what>: <value>` lines
carry what was measured; the last line is `N passed, M failed`.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import struct
import sys
import time
import traceback
from typing import Any, Callable

import boto3
import botocore
import botocore.auth
from botocore.config import Config
from botocore.exceptions import ClientError
from scaleway import Client
from scaleway.mnq.v1beta1 import MnqV1Beta1SnsAPI, MnqV1Beta1SqsAPI, SnsPermissions, SqsPermissions

REGION = "fr-par"
# One request per call: a refusal must be the answer to that request, never to a retry.
ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})


class Checker:
    """Counts and prints check results."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, what: str, condition: bool, detail: str = "") -> bool:
        if condition:
            self.passed += 1
            print(f"ok   {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {what}: {detail or 'condition is false'}", flush=True)
        return condition

    def equal(self, what: str, actual: Any, expected: Any) -> bool:
        return self.check(what, actual == expected, f"got {actual!r}, expected {expected!r}")

    def refused(self, what: str, status: int, code: str, call: Callable[[], Any]) -> None:
        """`call` must raise boto3's ClientError with this HTTP status and error code."""
        try:
            call()
        except ClientError as error:
            got = (error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"]["Code"])
            self.equal(what, got, (status, code))
        except Exception as error:  # noqa: BLE001 - reported as a failure
            self.check(what, False, f"raised {type(error).__name__}: {error}")
        else:
            self.check(what, False, f"no error, expected {status} {code}")

    def figure(self, what: str, value: str) -> None:
        print(f"figure {what}: {value}", flush=True)


def md5_of_attributes(attributes: dict[str, dict[str, Any]]) -> str:
    """MD5OfMessageAttributes as AWS documents it, written here from the documentation: for
    each attribute by name, its name, its data type, a transport byte (1 string or number,
    2 binary) and its value, each name, type and value after its length as 4 big-endian
    bytes."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        for text in (name, attribute["DataType"]):
            encoded = text.encode()
            digest.update(struct.pack(">I", len(encoded)) + encoded)
        if "BinaryValue" in attribute:
            value = attribute["BinaryValue"]
            digest.update(b"\x02" + struct.pack(">I", len(value)) + value)
        else:
            value = attribute["StringValue"].encode()
            digest.update(b"\x01" + struct.pack(">I", len(value)) + value)
    return digest.hexdigest()


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def data_plane(service: str, endpoint: str, credentials: Any, secret: str | None = None) -> Any:
    """A boto3 client of the endpoint, signing with the credentials (or another secret)."""
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=credentials.access_key,
        aws_secret_access_key=secret or credentials.secret_key,
        config=ONE_ATTEMPT,
    )


@contextlib.contextmanager
def clock_behind(minutes: int):
    """boto3 signs as if it were `minutes` ago."""
    real = botocore.auth.get_current_datetime

    def behind(*args: Any, **kwargs: Any) -> datetime.datetime:
        return real(*args, **kwargs) - datetime.timedelta(minutes=minutes)

    botocore.auth.get_current_datetime = behind
    try:
        yield
    finally:
        botocore.auth.get_current_datetime = real


@contextlib.contextmanager
def changed_after_signing(client: Any, change: Callable[[Any], None]):
    """Every request `client` sends is changed by `change` once signed."""

    def handler(request: Any, **_: Any) -> None:
        change(request)

    client.meta.events.register("before-send", handler)
    try:
        yield
    finally:
        client.meta.events.unregister("before-send", handler)


def replace_in_body(old: bytes, new: bytes) -> Callable[[Any], None]:
    def change(request: Any) -> None:
        assert len(old) == len(new)
        # JSON bodies are bytes, query bodies text.
        if isinstance(request.body, str):
            request.body = request.body.replace(old.decode(), new.decode())
        else:
            request.body = request.body.replace(old, new)

    return change


def set_header(name: str, value: str) -> Callable[[Any], None]:
    def change(request: Any) -> None:
        request.headers[name] = value

    return change


def first_refusal(call: Callable[[], Any], code: str) -> tuple[int, float]:
    """Calls until refused with `code`, at most 50 times: how many calls, and the time from
    the first call's start to the refusal, in milliseconds."""
    start = time.perf_counter()
    for attempt in range(1, 51):
        try:
            call()
        except ClientError as error:
            if error.response["Error"]["Code"] == code:
                return attempt, (time.perf_counter() - start) * 1000
            raise
    return 0, (time.perf_counter() - start) * 1000


def check_queues(client: Client, ck: Checker) -> None:
    api = MnqV1Beta1SqsAPI(client)
    api.activate_sqs(region=REGION)
    endpoint = api.get_sqs_info(region=REGION).sqs_endpoint_url
    ck.check("queues: sqs-info names the emulator's endpoint", endpoint.startswith(os.environ["SCW_API_URL"]), endpoint)
    credentials = api.create_sqs_credentials(
        region=REGION,
        name="boto3-queues",
        permissions=SqsPermissions(can_publish=True, can_receive=True, can_manage=True),
    )
    sqs = data_plane("sqs", endpoint, credentials)

    url = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
    ck.equal("queues: the queue URL", url, f"{endpoint}/project-{client.default_project_id}/orders")
    ck.equal("queues: GetQueueUrl", sqs.get_queue_url(QueueName="orders")["QueueUrl"], url)
    ck.equal("queues: ListQueues", sqs.list_queues()["QueueUrls"], [url])
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    ck.equal("queues: the VisibilityTimeout set", attributes["VisibilityTimeout"], "5")
    ck.equal(
        "queues: the ARN",
        attributes["QueueArn"],
        f"arn:scw:sqs:{REGION}:project-{client.default_project_id}:orders",
    )
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "7"})
    ck.equal(
        "queues: SetQueueAttributes",
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"],
        {"VisibilityTimeout": "7"},
    )

    message_attributes = {
        "kind": {"DataType": "String", "StringValue": "order"},
        "amount": {"DataType": "Number", "StringValue": "42.5"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff\x10"},
    }
    body = "order 42: ☕ × 2"
    sent = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=message_attributes)
    ck.equal("queues: MD5OfMessageBody", sent["MD5OfMessageBody"], md5(body))
    ck.equal("queues: MD5OfMessageAttributes", sent["MD5OfMessageAttributes"], md5_of_attributes(message_attributes))
    batch = sqs.send_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "a", "MessageBody": "first of a batch"},
            {"Id": "b", "MessageBody": "second", "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "2"}}},
        ],
    )
    ck.equal("queues: SendMessageBatch sent both", sorted(e["Id"] for e in batch["Successful"]), ["a", "b"])
    ck.check(
        "queues: SendMessageBatch MD5s",
        all(e["MD5OfMessageBody"] == md5({"a": "first of a batch", "b": "second"}[e["Id"]]) for e in batch["Successful"])
        and [e.get("MD5OfMessageAttributes") for e in batch["Successful"] if e["Id"] == "b"]
        == [md5_of_attributes({"n": {"DataType": "Number", "StringValue": "2"}})],
        repr(batch["Successful"]),
    )

    received = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"], AttributeNames=["All"]
    )["Messages"]
    ck.equal("queues: ReceiveMessage gets the three", sorted(m["Body"] for m in received), sorted([body, "first of a batch", "second"]))
    first = next(m for m in received if m["Body"] == body)
    ck.equal("queues: received attributes", first["MessageAttributes"], message_attributes)
    ck.check(
        "queues: received MD5s",
        all(m["MD5OfBody"] == md5(m["Body"]) for m in received)
        and first["MD5OfMessageAttributes"] == md5_of_attributes(first["MessageAttributes"]),
        repr(received),
    )
    ck.equal("queues: ApproximateReceiveCount", first["Attributes"]["ApproximateReceiveCount"], "1")
    ck.equal(
        "queues: received messages are hidden",
        sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages"),
        None,
    )
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    ck.equal("queues: ChangeMessageVisibility 0 shows it again", [m["Body"] for m in again], [body])
    sqs.delete_message(QueueUrl=url, ReceiptHandle=again[0]["ReceiptHandle"])
    deleted = sqs.delete_message_batch(
        QueueUrl=url,
        Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(received) if m["Body"] != body],
    )
    ck.equal("queues: DeleteMessageBatch", len(deleted["Successful"]), 2)
    sqs.send_message(QueueUrl=url, MessageBody="to purge")
    sqs.purge_queue(QueueUrl=url)
    ck.equal(
        "queues: nothing left after delete and purge",
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"],
        {"ApproximateNumberOfMessages": "0"},
    )
    ck.refused(
        "queues: an absent queue is AWS.SimpleQueueService.NonExistentQueue",
        400,
        "AWS.SimpleQueueService.NonExistentQueue",
        lambda: sqs.get_queue_url(QueueName="absent"),
    )
    try:
        sqs.get_queue_url(QueueName="absent")
    except sqs.exceptions.QueueDoesNotExist:
        ck.check("queues: boto3 raises its QueueDoesNotExist", True)
    except Exception as error:  # noqa: BLE001 - reported as a failure
        ck.check("queues: boto3 raises its QueueDoesNotExist", False, repr(error))

    check_signatures(ck, "queues", sqs, data_plane("sqs", endpoint, credentials, secret="wrong-secret"), endpoint, credentials,
                     call=lambda client: client.send_message(QueueUrl=url, MessageBody="signed"),
                     body_change=replace_in_body(b"signed", b"sigNed"),
                     header=("X-Amz-Target", "AmazonSQS.PurgeQueue"),
                     expired=(400, "RequestExpired"))

    # Write removed through the API: the next send is refused, receiving goes on.
    sqs.purge_queue(QueueUrl=url)
    sqs.send_message(QueueUrl=url, MessageBody="before the update")
    api.update_sqs_credentials(
        sqs_credentials_id=credentials.id,
        region=REGION,
        permissions=SqsPermissions(can_publish=False, can_receive=True, can_manage=True),
    )
    ck.refused(
        "queues: without Write, SendMessage is AccessDenied",
        403,
        "AccessDenied",
        lambda: sqs.send_message(QueueUrl=url, MessageBody="after the update"),
    )
    still = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    ck.equal("queues: without Write, ReceiveMessage still works", [m["Body"] for m in still], ["before the update"])

    # Revoked through the API: refused from the next request on.
    api.delete_sqs_credentials(sqs_credentials_id=credentials.id, region=REGION)
    calls, ms = first_refusal(lambda: sqs.receive_message(QueueUrl=url), "InvalidClientTokenId")
    ck.equal("queues: the first request after the revoke is refused", calls, 1)
    ck.figure("queues revoke answered -> first refusal", f"{calls} request(s), {ms:.1f} ms")
    for action, call in [
        ("GetQueueUrl", lambda: sqs.get_queue_url(QueueName="orders")),
        ("ListQueues", lambda: sqs.list_queues()),
        ("GetQueueAttributes", lambda: sqs.get_queue_attributes(QueueUrl=url)),
        ("SendMessage", lambda: sqs.send_message(QueueUrl=url, MessageBody="x")),
        ("ReceiveMessage", lambda: sqs.receive_message(QueueUrl=url)),
        ("DeleteMessage", lambda: sqs.delete_message(QueueUrl=url, ReceiptHandle="x")),
        ("CreateQueue", lambda: sqs.create_queue(QueueName="another")),
        ("PurgeQueue", lambda: sqs.purge_queue(QueueUrl=url)),
        ("DeleteQueue", lambda: sqs.delete_queue(QueueUrl=url)),
    ]:
        ck.refused(f"queues: revoked, {action} is InvalidClientTokenId", 403, "InvalidClientTokenId", call)


def check_signatures(ck: Checker, tag: str, client: Any, wrong_secret: Any, endpoint: str, credentials: Any,
                     call: Callable[[Any], Any], body_change: Callable[[Any], None], header: tuple[str, str],
                     expired: tuple[int, str]) -> None:
    """What boto3 signs verifies; another secret, an old clock, a change after signing do not."""
    call(client)
    ck.check(f"{tag}: what boto3 signs verifies", True)
    ck.refused(f"{tag}: another secret is SignatureDoesNotMatch", 403, "SignatureDoesNotMatch", lambda: call(wrong_secret))
    with clock_behind(16):
        ck.refused(f"{tag}: signed 16 minutes ago is {expired[1]}", expired[0], expired[1], lambda: call(client))
    with clock_behind(14):
        call(client)
        ck.check(f"{tag}: signed 14 minutes ago verifies", True)
    with changed_after_signing(client, body_change):
        ck.refused(f"{tag}: a body changed after signing is SignatureDoesNotMatch", 403, "SignatureDoesNotMatch", lambda: call(client))
    with changed_after_signing(client, set_header(*header)):
        ck.refused(f"{tag}: a signed header changed after signing is SignatureDoesNotMatch", 403, "SignatureDoesNotMatch", lambda: call(client))
    unsigned = boto3.client(
        client.meta.service_model.service_name,
        endpoint_url=endpoint,
        region_name=REGION,
        config=Config(signature_version=botocore.UNSIGNED, retries={"total_max_attempts": 1}),
    )
    ck.refused(f"{tag}: an unsigned request is MissingAuthenticationToken", 403, "MissingAuthenticationToken", lambda: call(unsigned))


def check_topics(client: Client, ck: Checker) -> None:
    api = MnqV1Beta1SnsAPI(client)
    api.activate_sns(region=REGION)
    endpoint = api.get_sns_info(region=REGION).sns_endpoint_url
    ck.check("topics: sns-info names the emulator's endpoint", endpoint.startswith(os.environ["SCW_API_URL"]), endpoint)
    credentials = api.create_sns_credentials(
        region=REGION,
        name="boto3-topics",
        permissions=SnsPermissions(can_publish=True, can_receive=True, can_manage=True),
    )
    queues_api = MnqV1Beta1SqsAPI(client)
    queue_credentials = queues_api.create_sqs_credentials(
        region=REGION,
        name="boto3-subscriber",
        permissions=SqsPermissions(can_publish=False, can_receive=True, can_manage=True),
    )
    sns = data_plane("sns", endpoint, credentials)
    sqs = data_plane("sqs", queues_api.get_sqs_info(region=REGION).sqs_endpoint_url, queue_credentials)

    topic = sns.create_topic(Name="shipments", Attributes={"DisplayName": "Shipments & co"})["TopicArn"]
    ck.equal("topics: the ARN", topic, f"arn:scw:sns:{REGION}:project-{client.default_project_id}:shipments")
    ck.equal("topics: ListTopics", sns.list_topics()["Topics"], [{"TopicArn": topic}])
    ck.equal("topics: DisplayName", sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"], "Shipments & co")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Shipments")
    ck.equal("topics: SetTopicAttributes", sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"], "Shipments")

    wrapped_url = sqs.create_queue(QueueName="wrapped")["QueueUrl"]
    raw_url = sqs.create_queue(QueueName="raw")["QueueUrl"]
    arn_of = lambda url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]  # noqa: E731
    wrapped = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn_of(wrapped_url))["SubscriptionArn"]
    raw = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn_of(raw_url), Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    ck.equal("topics: ListSubscriptionsByTopic", sorted(s["SubscriptionArn"] for s in listed), sorted([wrapped, raw]))
    ck.equal("topics: ListSubscriptions", len(sns.list_subscriptions()["Subscriptions"]), 2)
    ck.equal(
        "topics: RawMessageDelivery",
        sns.get_subscription_attributes(SubscriptionArn=raw)["Attributes"]["RawMessageDelivery"],
        "true",
    )

    attributes = {"kind": {"DataType": "String", "StringValue": "parcel"}}
    published = sns.publish(TopicArn=topic, Message="parcel 7 left", Subject="shipped", MessageAttributes=attributes)
    batch = sns.publish_batch(
        TopicArn=topic,
        PublishBatchRequestEntries=[{"Id": "1", "Message": "parcel 8 left"}, {"Id": "2", "Message": "parcel 9 left"}],
    )
    ck.equal("topics: PublishBatch", sorted(e["Id"] for e in batch["Successful"]), ["1", "2"])
    got = sqs.receive_message(QueueUrl=wrapped_url, MaxNumberOfMessages=10)["Messages"]
    envelopes = [json.loads(m["Body"]) for m in got]
    ck.equal(
        "topics: the publications reach the subscribed queue",
        sorted(e["Message"] for e in envelopes),
        ["parcel 7 left", "parcel 8 left", "parcel 9 left"],
    )
    first = next(e for e in envelopes if e["Message"] == "parcel 7 left")
    ck.equal(
        "topics: the notification",
        (first["Type"], first["TopicArn"], first["MessageId"], first["Subject"], first["MessageAttributes"]),
        ("Notification", topic, published["MessageId"], "shipped", {"kind": {"Type": "String", "Value": "parcel"}}),
    )
    got_raw = sqs.receive_message(QueueUrl=raw_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])["Messages"]
    ck.equal("topics: raw delivery", sorted(m["Body"] for m in got_raw), ["parcel 7 left", "parcel 8 left", "parcel 9 left"])
    ck.equal(
        "topics: raw delivery keeps the attributes",
        next(m for m in got_raw if m["Body"] == "parcel 7 left")["MessageAttributes"],
        attributes,
    )
    sns.unsubscribe(SubscriptionArn=raw)
    ck.equal("topics: Unsubscribe", [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]], [wrapped])
    try:
        sns.get_topic_attributes(TopicArn=topic + "-absent")
    except sns.exceptions.NotFoundException as error:
        ck.equal("topics: boto3 raises its NotFoundException", error.response["Error"]["Code"], "NotFound")
    except Exception as error:  # noqa: BLE001 - reported as a failure
        ck.check("topics: boto3 raises its NotFoundException", False, repr(error))

    check_signatures(ck, "topics", sns, data_plane("sns", endpoint, credentials, secret="wrong-secret"), endpoint, credentials,
                     call=lambda client: client.publish(TopicArn=topic, Message="signed"),
                     body_change=replace_in_body(b"signed", b"sigNed"),
                     header=("Content-Type", "application/x-www-form-urlencoded"),
                     expired=(403, "SignatureDoesNotMatch"))

    # Write removed through the API: the next publication is refused, reading goes on.
    api.update_sns_credentials(
        sns_credentials_id=credentials.id,
        region=REGION,
        permissions=SnsPermissions(can_publish=False, can_receive=True, can_manage=True),
    )
    ck.refused(
        "topics: without Write, Publish is AuthorizationError",
        403,
        "AuthorizationError",
        lambda: sns.publish(TopicArn=topic, Message="after the update"),
    )
    ck.equal("topics: without Write, ListTopics still works", sns.list_topics()["Topics"], [{"TopicArn": topic}])

    api.delete_sns_credentials(sns_credentials_id=credentials.id, region=REGION)
    calls, ms = first_refusal(lambda: sns.list_topics(), "InvalidClientTokenId")
    ck.equal("topics: the first request after the revoke is refused", calls, 1)
    ck.figure("topics revoke answered -> first refusal", f"{calls} request(s), {ms:.1f} ms")
    for action, call in [
        ("ListTopics", lambda: sns.list_topics()),
        ("GetTopicAttributes", lambda: sns.get_topic_attributes(TopicArn=topic)),
        ("Publish", lambda: sns.publish(TopicArn=topic, Message="x")),
        ("Subscribe", lambda: sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn_of(wrapped_url))),
        ("ListSubscriptions", lambda: sns.list_subscriptions()),
        ("Unsubscribe", lambda: sns.unsubscribe(SubscriptionArn=wrapped)),
        ("CreateTopic", lambda: sns.create_topic(Name="another")),
        ("DeleteTopic", lambda: sns.delete_topic(TopicArn=topic)),
    ]:
        ck.refused(f"topics: revoked, {action} is InvalidClientTokenId", 403, "InvalidClientTokenId", call)


def run_section(ck: Checker, name: str, section: Callable[[Checker], None]) -> None:
    try:
        section(ck)
    except Exception:  # noqa: BLE001 - reported as a failure
        ck.check(f"{name}: section ran to its end", False, traceback.format_exc())


def main() -> int:
    # Loopback only, whatever proxy the environment names.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    started = time.perf_counter()
    ck = Checker()
    client = Client.from_env()
    run_section(ck, "queues", lambda c: check_queues(client, c))
    run_section(ck, "topics", lambda c: check_topics(client, c))
    ck.figure("boto3 scenario wall time", f"{time.perf_counter() - started:.2f} s")
    print(f"{ck.passed} passed, {ck.failed} failed", flush=True)
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
