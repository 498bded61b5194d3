// One running stack per data folder: dynalite's LevelDB cannot be opened twice, and a second
// stack would only fail on its first DynamoDB request. {data}/stack.pid names the owner.
import fs from 'node:fs';
import path from 'node:path';

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes the folder or throws a message naming the owner; returns a release function. */
export function lockDataFolder(dataDir, ErrorType = Error) {
  const file = path.join(dataDir, 'stack.pid');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new ErrorType(`data folder ${dataDir} is in use by another stack (pid ${owner}): stop that one, or set PORTAL_DATA_DIR to another folder.`);
      }
      fs.rmSync(file, { force: true }); // left behind by a stack that was killed
    }
  }
  throw new ErrorType(`could not take ${file}; delete it if no stack is running.`);
}
