// DynamoDB stand-in: dynalite persisting (LevelDB) under {data}/dynamodb.
// Tables turn ACTIVE at once so the portal's create-on-start does not wait.
import fs from 'node:fs';
import dynalite from 'dynalite';

export function createDynamoDbServer(directory) {
  fs.mkdirSync(directory, { recursive: true });
  return dynalite({ path: directory, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
}
