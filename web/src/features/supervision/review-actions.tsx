import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Input, Modal, Space, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/error-message.ts';
import { useLanguage } from '../language/use-language.ts';
import { supervisionApi } from './supervision-api.ts';
import { useSupervisionRefresh } from './supervision-queries.ts';

/** The coordinator's approve and return (with a required comment) of one submitted report. */
export function ReviewActions({ reportId, name }: { reportId: string; name: string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const refresh = useSupervisionRefresh();
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const approve = useMutation({
    mutationFn: () => supervisionApi.approve(reportId, {}),
    onSuccess: async () => {
      void message.success(t('supervision.review.approvedDone', { name }));
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });
  const giveBack = useMutation({
    mutationFn: (text: string) => supervisionApi.returnReport(reportId, { comment: text }),
    onSuccess: async () => {
      setReturning(false);
      setComment('');
      void message.success(t('supervision.review.returnedDone', { name }));
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });
  const empty = comment.trim() === '';
  return (
    <>
      <Space>
        <Button type="primary" icon={<CheckOutlined />} loading={approve.isPending} onClick={() => approve.mutate()} data-testid="review-approve">
          {t('supervision.review.approve')}
        </Button>
        <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="review-return">
          {t('supervision.review.return')}
        </Button>
      </Space>
      <Modal
        open={returning}
        title={t('supervision.review.returnTitle', { name })}
        okText={t('supervision.review.return')}
        okButtonProps={{ danger: true, loading: giveBack.isPending, 'data-testid': 'review-return-confirm' } as ButtonProps}
        onOk={() => {
          setTried(true);
          if (!empty) giveBack.mutate(comment.trim());
        }}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('supervision.review.returnHint')}</Typography.Paragraph>
        <Input.TextArea rows={4} value={comment} onChange={(event) => setComment(event.target.value)} maxLength={2000} status={tried && empty ? 'error' : ''} data-testid="review-return-comment" />
        {tried && empty && <Typography.Text type="danger">{t('supervision.review.commentRequired')}</Typography.Text>}
      </Modal>
    </>
  );
}
