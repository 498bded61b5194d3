// The cognito-idp admin API stand-in: each action's answer in Cognito's shape, and each error Cognito gives for it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { cognitoIdp } from '../fixtures/aws-request.mjs';
import { startStack } from '../fixtures/stack-process.mjs';

const POOL = 'local_portal';
const ADMINS = 'portal-admins';

/** Asserts a Cognito error answer: HTTP 400, body {__type, message}, X-Amzn-ErrorType header. */
function assertError(answer, code, message) {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.__type, code);
  assert.match(answer.body.message, message);
  assert.equal(answer.headers.get('x-amzn-errortype'), `${code}:`);
  assert.ok(answer.headers.get('x-amzn-requestid'));
}

describe('cognito-idp admin API', () => {
  let stack;
  let call;

  before(async () => {
    stack = startStack();
    const { cognito } = await stack.ready;
    call = (action, body, options) => cognitoIdp(cognito, action, body, options);
  });
  after(() => stack?.stop());

  test('ListUsers lists the seeded users in Cognito\'s UserType shape, ordered by username', async () => {
    const { status, body, headers } = await call('ListUsers', { UserPoolId: POOL });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(headers.get('content-type'), 'application/x-amz-json-1.1');
    const admin = body.Users.find((u) => u.Username === 'admin');
    assert.deepEqual(Object.keys(admin).sort(), ['Attributes', 'Enabled', 'UserCreateDate', 'UserLastModifiedDate', 'UserStatus', 'Username']);
    assert.deepEqual(admin.Attributes, [
      { Name: 'sub', Value: 'cb215d9c-8f4b-44bf-af65-981fc73fa3c2' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'email', Value: 'admin@portal.local' },
    ]);
    assert.equal(admin.Enabled, true);
    assert.equal(admin.UserStatus, 'CONFIRMED');
    assert.equal(typeof admin.UserCreateDate, 'number', 'epoch seconds, as the JSON protocol sends timestamps');
    assert.ok(Math.abs(admin.UserCreateDate - Date.now() / 1000) < 3600);
    assert.equal(body.PaginationToken, undefined);
  });

  test('ListUsers filters by username or email prefix, exact status, and pages by PaginationToken', async () => {
    const names = async (request) => (await call('ListUsers', { UserPoolId: POOL, ...request })).body.Users.map((u) => u.Username);
    assert.deepEqual(await names({ Filter: 'username ^= "adm"' }), ['admin']);
    assert.deepEqual(await names({ Filter: 'email ^= "viewer@"' }), ['viewer']);
    assert.deepEqual(await names({ Filter: 'username = "admin"' }), ['admin']);
    assert.deepEqual(await names({ Filter: 'username ^= "Adm"' }), [], 'username search is case-sensitive, as Cognito\'s');
    assert.deepEqual(await names({ Filter: 'status = "enabled"' }), ['admin', 'viewer']);
    assert.deepEqual(await names({ Filter: 'username ^= "a\\"b"' }), [], 'escaped quotes parse');

    const first = await call('ListUsers', { UserPoolId: POOL, Limit: 1 });
    assert.deepEqual(first.body.Users.map((u) => u.Username), ['admin']);
    assert.ok(first.body.PaginationToken);
    const second = await call('ListUsers', { UserPoolId: POOL, Limit: 1, PaginationToken: first.body.PaginationToken });
    assert.deepEqual(second.body.Users.map((u) => u.Username), ['viewer']);
    assert.equal(second.body.PaginationToken, undefined);
  });

  test('ListUsers errors: bad filter, unsearchable attribute, limit over 60, foreign token, unknown pool', async () => {
    assertError(await call('ListUsers', { UserPoolId: POOL, Filter: 'username starts "a"' }), 'InvalidParameterException', /Error while parsing filter/);
    assertError(await call('ListUsers', { UserPoolId: POOL, Filter: 'custom:team = "x"' }), 'InvalidParameterException', /Invalid search attribute/);
    assertError(await call('ListUsers', { UserPoolId: POOL, Limit: 61 }), 'InvalidParameterException', /'limit' failed to satisfy constraint/);
    const token = (await call('ListUsers', { UserPoolId: POOL, Limit: 1 })).body.PaginationToken;
    assertError(await call('ListUsers', { UserPoolId: POOL, Limit: 1, PaginationToken: token, Filter: 'email ^= "a"' }), 'InvalidParameterException', /pagination token/);
    assertError(await call('ListUsers', { UserPoolId: 'us-east-1_Other' }), 'ResourceNotFoundException', /User pool us-east-1_Other does not exist/);
    assertError(await call('ListUsers', {}), 'InvalidParameterException', /Value null at 'userPoolId' failed to satisfy constraint: Member must not be null/);
  });

  test('AdminGetUser answers UserAttributes; an unknown user is UserNotFoundException', async () => {
    const { status, body } = await call('AdminGetUser', { UserPoolId: POOL, Username: 'viewer' });
    assert.equal(status, 200);
    assert.equal(body.Username, 'viewer');
    assert.equal(body.UserAttributes.find((a) => a.Name === 'email').Value, 'viewer@portal.local');
    assert.equal(body.Attributes, undefined);
    assert.equal(body.Enabled, true);
    assertError(await call('AdminGetUser', { UserPoolId: POOL, Username: 'nobody' }), 'UserNotFoundException', /^User does not exist\.$/);
    assertError(await call('AdminGetUser', { UserPoolId: POOL, Username: 'has space' }), 'InvalidParameterException', /'username' failed to satisfy constraint/);
  });

  test('AdminListGroupsForUser and ListUsersInGroup answer GroupType and UserType lists', async () => {
    const groups = await call('AdminListGroupsForUser', { UserPoolId: POOL, Username: 'admin' });
    assert.equal(groups.status, 200);
    assert.equal(groups.body.Groups.length, 1);
    const [group] = groups.body.Groups;
    assert.equal(group.GroupName, ADMINS);
    assert.equal(group.UserPoolId, POOL);
    assert.equal(typeof group.CreationDate, 'number');
    assert.equal(typeof group.LastModifiedDate, 'number');
    assert.deepEqual((await call('AdminListGroupsForUser', { UserPoolId: POOL, Username: 'viewer' })).body.Groups, []);
    assertError(await call('AdminListGroupsForUser', { UserPoolId: POOL, Username: 'nobody' }), 'UserNotFoundException', /User does not exist/);

    const members = await call('ListUsersInGroup', { UserPoolId: POOL, GroupName: ADMINS });
    assert.deepEqual(members.body.Users.map((u) => u.Username), ['admin']);
    assert.equal(members.body.Users[0].Attributes.length, 3);
    assertError(await call('ListUsersInGroup', { UserPoolId: POOL, GroupName: 'nope' }), 'ResourceNotFoundException', /^Group not found\.$/);
  });

  test('AdminAddUserToGroup and AdminRemoveUserFromGroup change membership (twice is harmless)', async () => {
    const change = (action, Username = 'viewer', GroupName = ADMINS) => call(action, { UserPoolId: POOL, Username, GroupName });
    const members = async () => (await call('ListUsersInGroup', { UserPoolId: POOL, GroupName: ADMINS })).body.Users.map((u) => u.Username);

    for (let i = 0; i < 2; i++) {
      const added = await change('AdminAddUserToGroup');
      assert.deepEqual([added.status, added.body], [200, {}]);
    }
    assert.deepEqual(await members(), ['admin', 'viewer']);
    for (let i = 0; i < 2; i++) assert.equal((await change('AdminRemoveUserFromGroup')).status, 200);
    assert.deepEqual(await members(), ['admin']);

    assertError(await change('AdminAddUserToGroup', 'nobody'), 'UserNotFoundException', /User does not exist/);
    assertError(await change('AdminAddUserToGroup', 'viewer', 'nope'), 'ResourceNotFoundException', /Group not found/);
    assertError(await change('AdminRemoveUserFromGroup', 'nobody'), 'UserNotFoundException', /User does not exist/);
  });

  test('AdminDisableUser and AdminEnableUser set Enabled; an unknown user is UserNotFoundException', async () => {
    const enabled = async () => (await call('AdminGetUser', { UserPoolId: POOL, Username: 'viewer' })).body.Enabled;
    assert.deepEqual((await call('AdminDisableUser', { UserPoolId: POOL, Username: 'viewer' })).body, {});
    assert.equal(await enabled(), false);
    const disabled = await call('ListUsers', { UserPoolId: POOL, Filter: 'status = "Disabled"' });
    assert.deepEqual(disabled.body.Users.map((u) => u.Username), ['viewer']);
    assert.deepEqual((await call('AdminEnableUser', { UserPoolId: POOL, Username: 'viewer' })).body, {});
    assert.equal(await enabled(), true);
    assertError(await call('AdminDisableUser', { UserPoolId: POOL, Username: 'nobody' }), 'UserNotFoundException', /User does not exist/);
    assertError(await call('AdminEnableUser', { UserPoolId: POOL, Username: 'nobody' }), 'UserNotFoundException', /User does not exist/);
  });

  test('AdminUserGlobalSignOut answers {}; an unknown user is UserNotFoundException', async () => {
    assert.deepEqual(await call('AdminUserGlobalSignOut', { UserPoolId: POOL, Username: 'viewer' }).then((a) => [a.status, a.body]), [200, {}]);
    assertError(await call('AdminUserGlobalSignOut', { UserPoolId: POOL, Username: 'nobody' }), 'UserNotFoundException', /User does not exist/);
  });

  test('AdminCreateUser creates a FORCE_CHANGE_PASSWORD user and refuses duplicates and bad input', async () => {
    const create = (Username, email, extra = {}) => call('AdminCreateUser', {
      UserPoolId: POOL, Username, DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }], ...extra,
    });
    const created = await create('newcomer', 'newcomer@portal.local');
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.User.Username, 'newcomer');
    assert.equal(created.body.User.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(created.body.User.Enabled, true);
    assert.equal(created.body.User.Attributes.find((a) => a.Name === 'email').Value, 'newcomer@portal.local');
    assert.match(created.body.User.Attributes.find((a) => a.Name === 'sub').Value, /^[0-9a-f-]{36}$/);

    assertError(await create('newcomer', 'other@portal.local'), 'UsernameExistsException', /^User account already exists$/);
    assertError(await create('second', 'NEWCOMER@portal.local'), 'AliasExistsException', /email already exists/);
    assertError(await create('third', 'not-an-email'), 'InvalidParameterException', /^Invalid email address format\.$/);
    assertError(await create('fourth', 'fourth@portal.local', { DesiredDeliveryMediums: ['SMS'] }), 'InvalidParameterException', /EMAIL/);
    assertError(await create('', 'fifth@portal.local'), 'InvalidParameterException', /'username' failed to satisfy constraint/);
    assert.equal((await call('ListUsers', { UserPoolId: POOL, Filter: 'username ^= "fourth"' })).body.Users.length, 0);
  });

  test('requests that are not signed cognito-idp calls this stand-in serves get AWS\'s protocol errors', async () => {
    assertError(await call('ListUsers', { UserPoolId: POOL }, { authorization: null }), 'MissingAuthenticationTokenException', /Missing Authentication Token/);
    assertError(await call('ListUsers', { UserPoolId: POOL }, { authorization: 'Bearer abc' }), 'IncompleteSignatureException', /SigV4/);
    const forS3 = `AWS4-HMAC-SHA256 Credential=S3RVER/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    assertError(await call('ListUsers', { UserPoolId: POOL }, { authorization: forS3 }), 'IncompleteSignatureException', /cognito-idp/);
    assertError(await call('AdminDeleteUser', { UserPoolId: POOL, Username: 'viewer' }), 'UnknownOperationException', /AdminDeleteUser/);
    assertError(await call('ListUsers', 'not json'), 'SerializationException', /JSON/);
  });
});
