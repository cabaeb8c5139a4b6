// Original file: proto/vstudio/v1/admin.proto


export interface EncryptionStatusRequest {
}

export interface EncryptionStatusRequest__Output {
}
