// DynamoDB (DynamoDB Local, Streams included) and S3 (s3rver) answer like AWS and keep data across a restart;
// SQS and SNS (fauxqs) deliver a published message to a subscribed queue.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { awsChunked, dynamoDb, dynamoDbStreams, s3, sns, sqs } from '../fixtures/aws-request.mjs';
import { makeDataDir, startStack } from '../fixtures/stack-process.mjs';

describe('DynamoDB and S3 stand-ins', () => {
  const dataDir = makeDataDir();
  let stack;
  let endpoints;

  before(async () => {
    stack = startStack({ dataDir });
    endpoints = await stack.ready;
  });
  after(() => stack?.stop());

  test('DynamoDB: CreateTable is ACTIVE at once, PutItem then GetItem returns the item', async () => {
    const created = await dynamoDb(endpoints.dynamodb, 'CreateTable', {
      TableName: 'orders',
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    // Like DynamoDB, CreateTable answers CREATING or ACTIVE; it turns ACTIVE within moments.
    assert.match(created.body.TableDescription.TableStatus, /^(CREATING|ACTIVE)$/);
    const started = Date.now();
    let status;
    do {
      status = (await dynamoDb(endpoints.dynamodb, 'DescribeTable', { TableName: 'orders' })).body.Table.TableStatus;
    } while (status !== 'ACTIVE' && Date.now() - started < 2000);
    assert.equal(status, 'ACTIVE');

    const put = await dynamoDb(endpoints.dynamodb, 'PutItem', {
      TableName: 'orders', Item: { orderId: { S: 'o-1' }, total: { N: '42' } },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const got = await dynamoDb(endpoints.dynamodb, 'GetItem', { TableName: 'orders', Key: { orderId: { S: 'o-1' } } });
    assert.deepEqual(got.body.Item, { orderId: { S: 'o-1' }, total: { N: '42' } });
  });

  test('DynamoDB Streams: an INSERT on a table with a stream comes back from GetRecords with its new image', async () => {
    const created = await dynamoDb(endpoints.dynamodb, 'CreateTable', {
      TableName: 'streamed',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const streamArn = created.body.TableDescription.LatestStreamArn;
    assert.ok(streamArn);
    await dynamoDb(endpoints.dynamodb, 'PutItem', { TableName: 'streamed', Item: { pk: { S: 'a' } } });

    const stream = await dynamoDbStreams(endpoints.dynamodb, 'DescribeStream', { StreamArn: streamArn });
    assert.equal(stream.status, 200, JSON.stringify(stream.body));
    const [shard] = stream.body.StreamDescription.Shards;
    const iterator = await dynamoDbStreams(endpoints.dynamodb, 'GetShardIterator', {
      StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON',
    });
    const records = await dynamoDbStreams(endpoints.dynamodb, 'GetRecords', { ShardIterator: iterator.body.ShardIterator });
    assert.equal(records.status, 200, JSON.stringify(records.body));
    assert.deepEqual(records.body.Records.map((r) => [r.eventName, r.dynamodb.NewImage.pk.S]), [['INSERT', 'a']]);
  });

  test('SQS and SNS: a message published to a topic reaches the subscribed queue; a receive leaves it in flight', async () => {
    const queue = await sqs(endpoints.sqs, 'CreateQueue', { QueueName: 'inbox' });
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    const { QueueUrl } = queue.body;
    const attributes = await sqs(endpoints.sqs, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
    const topic = await sns(endpoints.sns, 'CreateTopic', { Name: 'orders' });
    const topicArn = /<TopicArn>(.*)<\/TopicArn>/.exec(topic.text)[1];
    const subscribed = await sns(endpoints.sns, 'Subscribe', { TopicArn: topicArn, Protocol: 'sqs', Endpoint: attributes.body.Attributes.QueueArn });
    assert.equal(subscribed.status, 200, subscribed.text);
    const published = await sns(endpoints.sns, 'Publish', { TopicArn: topicArn, Subject: 'New order o-1', Message: 'hello' });
    assert.equal(published.status, 200, published.text);

    const received = await sqs(endpoints.sqs, 'ReceiveMessage', { QueueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 });
    assert.equal(received.body.Messages.length, 1);
    const envelope = JSON.parse(received.body.Messages[0].Body);
    assert.deepEqual([envelope.Type, envelope.Subject, envelope.Message, envelope.TopicArn], ['Notification', 'New order o-1', 'hello', topicArn]);
    const depth = await sqs(endpoints.sqs, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    assert.equal(depth.body.Attributes.ApproximateNumberOfMessagesNotVisible, '1');
  });

  test('DynamoDB: a request without Authorization is refused like AWS does', async () => {
    const response = await fetch(endpoints.dynamodb, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.match((await response.json()).__type, /MissingAuthenticationToken/);
  });

  test('S3: create bucket, PUT and GET an object, list buckets', async () => {
    assert.equal((await s3(endpoints.s3, 'PUT', '/portal-tokens')).status, 200);
    const put = await s3(endpoints.s3, 'PUT', '/portal-tokens/partner/token.json', {
      body: '{"token":"abc"}', headers: { 'content-type': 'application/json' },
    });
    assert.equal(put.status, 200);
    const got = await s3(endpoints.s3, 'GET', '/portal-tokens/partner/token.json');
    assert.equal(got.status, 200);
    assert.equal(await got.text(), '{"token":"abc"}');
    assert.equal(got.headers.get('content-type'), 'application/json');

    const list = await s3(endpoints.s3, 'GET', '/');
    assert.equal(list.status, 200);
    assert.match(await list.text(), /<Name>portal-tokens<\/Name>/);
  });

  test('S3: an aws-chunked streaming upload is stored decoded, as real S3 does', async () => {
    const data = Buffer.from('x'.repeat(70) + 'end-of-object');
    const response = await s3(endpoints.s3, 'PUT', '/portal-tokens/chunked.txt', {
      body: awsChunked(data, 32),
      headers: {
        'content-encoding': 'aws-chunked',
        'content-type': 'text/plain',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
    });
    assert.equal(response.status, 200, await response.text());
    const got = await s3(endpoints.s3, 'GET', '/portal-tokens/chunked.txt');
    assert.equal(await got.text(), data.toString());
    assert.equal(got.headers.get('content-length'), String(data.length));
    assert.equal(got.headers.get('content-encoding'), null);
  });

  test('S3: an access key other than S3RVER is refused', async () => {
    const response = await s3(endpoints.s3, 'GET', '/', { accessKey: 'AKIAEXAMPLE' });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /InvalidAccessKeyId/);
  });

  test('after a restart on the same data folder the table, item and object are still there', async () => {
    await stack.stop();
    stack = startStack({ dataDir });
    endpoints = await stack.ready;

    const got = await dynamoDb(endpoints.dynamodb, 'GetItem', { TableName: 'orders', Key: { orderId: { S: 'o-1' } } });
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.deepEqual(got.body.Item.total, { N: '42' });
    const object = await s3(endpoints.s3, 'GET', '/portal-tokens/partner/token.json');
    assert.equal(await object.text(), '{"token":"abc"}');
  });
});
