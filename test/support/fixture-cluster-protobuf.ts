/**
 * client-go's typed clients POST built-in kinds as Kubernetes protobuf (`k8s\0` + runtime.Unknown), so
 * the fixture cluster reads the one such body it must understand, a SelfSubjectAccessReview, with
 * this minimal wire-format reader (field numbers from k8s.io/api/authorization/v1/generated.proto).
 */

const protobufMagic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface ResourceAttributes {
	namespace?: string;
	verb?: string;
	group?: string;
	version?: string;
	resource?: string;
	subresource?: string;
	name?: string;
}

/** Length-delimited fields of one message, by field number (scalars are skipped). */
function lengthDelimitedFields(message: Buffer): Map<number, Buffer> {
	const fields = new Map<number, Buffer>();
	let offset = 0;
	const readVarint = (): number => {
		let value = 0;
		let shift = 0;
		for (;;) {
			if (offset >= message.length) throw new Error('truncated protobuf varint');
			const byte = message[offset++];
			value += (byte & 0x7f) * 2 ** shift;
			if ((byte & 0x80) === 0) return value;
			shift += 7;
		}
	};
	while (offset < message.length) {
		const tag = readVarint();
		const wireType = tag & 0x7;
		const field = Math.floor(tag / 8);
		if (wireType === 0) readVarint();
		else if (wireType === 1) offset += 8;
		else if (wireType === 5) offset += 4;
		else if (wireType === 2) {
			const length = readVarint();
			fields.set(field, message.subarray(offset, offset + length));
			offset += length;
		} else throw new Error(`unsupported protobuf wire type ${wireType}`);
	}
	return fields;
}

export function isKubernetesProtobuf(body: Buffer): boolean {
	return body.subarray(0, 4).equals(protobufMagic);
}

/** spec.resourceAttributes of a protobuf-encoded SelfSubjectAccessReview, if it has them. */
export function accessReviewAttributesFromProtobuf(body: Buffer): ResourceAttributes | undefined {
	const raw = lengthDelimitedFields(body.subarray(4)).get(2);
	const spec = raw && lengthDelimitedFields(raw).get(2);
	const attributes = spec && lengthDelimitedFields(spec).get(1);
	if (!attributes) return undefined;
	const fields = lengthDelimitedFields(attributes);
	const text = (field: number) => fields.get(field)?.toString('utf8');
	return {
		namespace: text(1),
		verb: text(2),
		group: text(3),
		version: text(4),
		resource: text(5),
		subresource: text(6),
		name: text(7),
	};
}
