// getUserMedia's failures in words a person can act on. The DOMException names are the spec's; the
// browser's own messages are not shown (they vary and rarely say what to do).

export const CAMERA_UNPLUGGED =
  'The camera stopped sending pictures (unplugged, or taken by the system). Plug it back in or pick another camera, then press Start camera.';

export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was refused. Allow the camera for this site (the camera icon in the address bar), then press Start camera.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a camera, then press Start camera.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another program (a video call?) may be using it. Close that program, then press Start camera.';
    case 'NoMediaDevices':
      return 'This page cannot use cameras: the browser allows them only on https:// or localhost pages.';
    default:
      return `The camera could not be started${error instanceof Error && error.message ? `: ${error.message}` : ''}. Press Start camera to try again.`;
  }
}
