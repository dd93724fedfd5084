// Branded primitives: two strings that mean different things cannot be swapped by mistake.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Lower-case hex SHA-256 of a file's bytes. The image's identity everywhere. */
export type ContentHash = Brand<string, 'ContentHash'>;

/** Identity of everything that changes a feature's value except the image (see featureSettingsId). */
export type FeatureSettingsId = Brand<string, 'FeatureSettingsId'>;
