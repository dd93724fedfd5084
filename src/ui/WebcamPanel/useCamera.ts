// The camera: asked for while the panel is open and the tab visible, released (every track
// stopped) when the panel closes, the tab is hidden or the page is left. Lists the cameras once
// permission is given (labels are empty before), and says why in words when a camera fails or
// is unplugged mid-stream.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CAMERA_UNPLUGGED, cameraErrorMessage } from './cameraErrors';

export type Facing = 'user' | 'environment';

export type CameraState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'live'; readonly label: string; readonly mirrored: boolean }
  | { readonly kind: 'paused' }
  | { readonly kind: 'failed'; readonly message: string };

export interface CameraChoice {
  /** A camera picked from the list, or null for the browser's default (or `facing`). */
  readonly deviceId: string | null;
  readonly facing: Facing | null;
}

function subscribeVisibility(onChange: () => void) {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}
const isHidden = () => document.visibilityState === 'hidden';

function constraintsFor(choice: CameraChoice): MediaTrackConstraints {
  if (choice.deviceId) return { deviceId: { exact: choice.deviceId } };
  return {
    width: { ideal: 640 },
    height: { ideal: 480 },
    ...(choice.facing ? { facingMode: { ideal: choice.facing } } : {}),
  };
}

export function useCamera(choice: CameraChoice, attempt: number) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const [cameras, setCameras] = useState<readonly MediaDeviceInfo[]>([]);
  const hidden = useSyncExternalStore(subscribeVisibility, isHidden);
  const { deviceId, facing } = choice;

  useEffect(() => {
    if (hidden) {
      setState({ kind: 'paused' });
      return;
    }
    const video = videoRef.current;
    let stream: MediaStream | null = null;
    let closed = false;
    const release = () => stream?.getTracks().forEach((track) => track.stop());
    const listCameras = async () => {
      const devices = await navigator.mediaDevices.enumerateDevices();
      if (!closed) setCameras(devices.filter((d) => d.kind === 'videoinput'));
    };

    void (async () => {
      setState({ kind: 'starting' });
      if (!navigator.mediaDevices?.getUserMedia) {
        setState({ kind: 'failed', message: cameraErrorMessage({ name: 'NoMediaDevices' }) });
        return;
      }
      try {
        const opened = await navigator.mediaDevices.getUserMedia({
          video: constraintsFor({ deviceId, facing }),
          audio: false,
        });
        if (closed) {
          opened.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = opened;
        const [track] = opened.getVideoTracks();
        // 'ended' fires when the source goes away (unplugged), never for our own stop().
        track?.addEventListener('ended', () => {
          if (!closed) setState({ kind: 'failed', message: CAMERA_UNPLUGGED });
        });
        if (video) {
          video.srcObject = opened;
          await video.play();
        }
        if (closed) return;
        // A camera facing the person is shown as a mirror, as people expect; frames are not flipped.
        const facingMode = track?.getSettings().facingMode;
        setState({
          kind: 'live',
          label: track?.label ?? 'camera',
          mirrored: facingMode !== 'environment',
        });
        await listCameras();
      } catch (error) {
        if (!closed) setState({ kind: 'failed', message: cameraErrorMessage(error) });
      }
    })();

    const onDeviceChange = () => void listCameras().catch(() => undefined);
    navigator.mediaDevices?.addEventListener('devicechange', onDeviceChange);
    window.addEventListener('pagehide', release);
    return () => {
      closed = true;
      release();
      if (video) video.srcObject = null;
      navigator.mediaDevices?.removeEventListener('devicechange', onDeviceChange);
      window.removeEventListener('pagehide', release);
    };
  }, [hidden, deviceId, facing, attempt]);

  return { videoRef, state, cameras };
}
