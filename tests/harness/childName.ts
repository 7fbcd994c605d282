/** The logical name the library gives a child of the deployment named `lync` (components/deployment/childNames.ts). */
export const child = (local: string): string => `lync-${local}`;
