// An image thumbnail from a Blob; the object URL lives exactly as long as the component shows that blob.
import { useEffect, useRef } from 'react';
import styles from './Thumb.module.css';

export function Thumb({
  blob,
  alt,
  size = 64,
}: {
  blob: Blob | undefined;
  alt: string;
  size?: number;
}) {
  const image = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const element = image.current;
    if (!blob || !element) return;
    const objectUrl = URL.createObjectURL(blob);
    element.src = objectUrl;
    return () => {
      element.removeAttribute('src');
      URL.revokeObjectURL(objectUrl);
    };
  }, [blob]);
  return (
    <span className={styles.frame} style={{ width: size, height: size }}>
      <img
        ref={image}
        className={styles.image}
        alt={alt}
        title={alt}
        loading="lazy"
        decoding="async"
      />
    </span>
  );
}
