// Facts about Keras's official ImageNet weight files (no top) for each backbone we can convert, for
// the download script and for the UI to name the file a person should supply. Pure data.

export const KERAS_ARCHITECTURES = ['vgg16', 'mobilenetv2'] as const;
export type KerasArchitecture = (typeof KERAS_ARCHITECTURES)[number];

export interface KerasWeightFile {
  /** What people call the model, for messages. */
  readonly label: string;
  readonly fileName: string;
  readonly url: string;
  /** Exact size in bytes, or null where it is not known here (structure is verified instead). */
  readonly bytes: number | null;
  /** Lower-case hex MD5 as Keras's `get_file(file_hash=...)` checks it, or null where not known. */
  readonly md5: string | null;
}

const KERAS_APPLICATIONS = 'https://storage.googleapis.com/tensorflow/keras-applications';

export const KERAS_WEIGHT_FILES: Readonly<Record<KerasArchitecture, KerasWeightFile>> = {
  vgg16: {
    label: 'VGG16',
    fileName: 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
    url: `${KERAS_APPLICATIONS}/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`,
    bytes: 58_889_256,
    md5: '6d6bbae143d832006294945121d1f1fc',
  },
  mobilenetv2: {
    label: 'MobileNetV2',
    fileName: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5',
    url: `${KERAS_APPLICATIONS}/mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5`,
    // Not published alongside the file and not verifiable offline: every layer's name and shape
    // is checked against the architecture instead.
    bytes: null,
    md5: null,
  },
};

export function isKerasArchitecture(value: string): value is KerasArchitecture {
  return (KERAS_ARCHITECTURES as readonly string[]).includes(value);
}
