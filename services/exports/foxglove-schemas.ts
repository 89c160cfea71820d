/**
 * JSON Schemas of the messages an episode's MCAP holds, under the names Foxglove recognises
 * (`foxglove.FrameTransforms`, `foxglove.CompressedImage`), from foxglove/schemas. Messages are
 * JSON, so binary fields (image data) are base64 strings, as Foxglove expects of JSON encoding.
 */
const time = {
  type: 'object',
  properties: { sec: { type: 'integer', minimum: 0 }, nsec: { type: 'integer', minimum: 0 } },
};
const vector3 = {
  type: 'object',
  properties: { x: { type: 'number' }, y: { type: 'number' }, z: { type: 'number' } },
};
const quaternion = {
  type: 'object',
  properties: {
    x: { type: 'number' },
    y: { type: 'number' },
    z: { type: 'number' },
    w: { type: 'number' },
  },
};

export const frameTransformsSchema = {
  name: 'foxglove.FrameTransforms',
  schema: {
    title: 'foxglove.FrameTransforms',
    description: 'An array of FrameTransform messages',
    type: 'object',
    properties: {
      transforms: {
        type: 'array',
        items: {
          title: 'foxglove.FrameTransform',
          type: 'object',
          properties: {
            timestamp: time,
            parent_frame_id: { type: 'string' },
            child_frame_id: { type: 'string' },
            translation: vector3,
            rotation: quaternion,
          },
        },
      },
    },
  },
};

export const compressedImageSchema = {
  name: 'foxglove.CompressedImage',
  schema: {
    title: 'foxglove.CompressedImage',
    description: 'A compressed image',
    type: 'object',
    properties: {
      timestamp: time,
      frame_id: { type: 'string' },
      data: { type: 'string', contentEncoding: 'base64' },
      format: { type: 'string' },
    },
  },
};

/** ROS 2's sensor_msgs/msg/JointState, which Foxglove plots and its URDF panel reads. */
export const jointStateSchema = {
  name: 'sensor_msgs/msg/JointState',
  schema: {
    title: 'sensor_msgs/msg/JointState',
    type: 'object',
    properties: {
      header: {
        type: 'object',
        properties: { stamp: time, frame_id: { type: 'string' } },
      },
      name: { type: 'array', items: { type: 'string' } },
      position: { type: 'array', items: { type: 'number' } },
      velocity: { type: 'array', items: { type: 'number' } },
      effort: { type: 'array', items: { type: 'number' } },
    },
  },
};

/** The action row a policy's command carried at one control step, column by column. */
export const jointCommandSchema = {
  name: 'policy_arena.JointCommand',
  schema: {
    title: 'policy_arena.JointCommand',
    type: 'object',
    properties: {
      timestamp: time,
      name: { type: 'array', items: { type: 'string' } },
      command: { type: 'array', items: { type: 'number' } },
    },
  },
};
