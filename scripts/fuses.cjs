// Electron fuses for the packaged app (https://www.electronjs.org/docs/latest/tutorial/fuses),
// flipped with @electron/fuses on the packed binary by electron-builder's afterPack hook:
// the binary cannot be turned into a plain Node (RunAsNode, NODE_OPTIONS, --inspect), cookies
// are encrypted at rest, and the app loads only from its asar, whose integrity is checked.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, loaded by electron-builder */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuses, by @electron/fuses' names. */
const fuses = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The renderer is served over app:// (src-main/appProtocol.ts): file:// pages need no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The packed Electron executable electron-builder left in `appOutDir`. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** electron-builder's afterPack hook: flips the fuses before anything is signed. */
async function applyFuses(context) {
  // A macOS binary whose bytes changed must be signed again to run on Apple silicon: ad hoc here, for real later.
  await flipFuses(electronBinary(context), { ...fuses, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' });
}

module.exports = { fuses, applyFuses, electronBinary };
