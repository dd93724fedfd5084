// A box that a wide table scrolls sideways in on a narrow screen, instead of widening the page.
// While its content is wider than it, it is a named, focusable region, so a keyboard can scroll it
// too (axe: scrollable-region-focusable); when everything fits it is no extra tab stop.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import tables from '../tables.module.css';

interface Props {
  /** What the region holds, for screen readers: the table's caption. */
  readonly label: string;
  readonly children: ReactNode;
}

export function ScrollBox({ label, children }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className={tables.scroll}
      {...(scrolls && { tabIndex: 0, role: 'region', 'aria-label': label })}
    >
      {children}
    </div>
  );
}
