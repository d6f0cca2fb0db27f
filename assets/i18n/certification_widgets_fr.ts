<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CertificateCard</name>
    <message>
        <source>QR code of the certificate</source>
        <translation>Code QR du certificat</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Try the exam again</source>
        <translation>Repasser l'examen</translation>
    </message>
    <message>
        <source>Send my answers again</source>
        <translation>Renvoyer mes réponses</translation>
    </message>
    <message>
        <source>Answers sealed — waiting for the decision</source>
        <translation>Réponses scellées — en attente de la décision</translation>
    </message>
    <message>
        <source>Your answer sheet is signed and saved on this PC. The programme's server grades it at the next sync (internet or USB stick); the result will appear here.</source>
        <translation>Votre copie est signée et enregistrée sur ce PC. Le serveur du programme la corrige à la prochaine synchronisation (internet ou clé USB) ; le résultat s'affichera ici.</translation>
    </message>
    <message>
        <source>Supervised exam (session %1): the server grades it once your facilitator has co-signed the answer sheets of the session.</source>
        <translation>Examen surveillé (séance %1) : le serveur la note une fois que votre animateur·rice a contresigné les copies de la séance.</translation>
    </message>
    <message>
        <source>Congratulations, you are certified!</source>
        <translation>Félicitations, vous êtes certifié·e !</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Cours</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Exam score</source>
        <translation>Score à l'examen</translation>
    </message>
    <message>
        <source>Exam conditions</source>
        <translation>Conditions de l'examen</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>Code de vérification</translation>
    </message>
    <message>
        <source>Check online</source>
        <translation>Vérifier en ligne</translation>
    </message>
    <message>
        <source>Demo certificate (signed with the demonstration key).</source>
        <translation>Certificat de démonstration (signé avec la clé de démonstration).</translation>
    </message>
    <message>
        <source>Not passed this time</source>
        <translation>Pas réussi cette fois</translation>
    </message>
    <message>
        <source>Your exam score: %1 %</source>
        <translation>Votre score à l'examen : %1 %</translation>
    </message>
    <message>
        <source>Attempts left: %1</source>
        <translation>Tentatives restantes : %1</translation>
    </message>
    <message>
        <source>Your answers were not graded</source>
        <translation>Vos réponses n'ont pas été corrigées</translation>
    </message>
    <message>
        <source>Your answers: %1 right out of %2.</source>
        <translation>Vos réponses : %1 justes sur %2.</translation>
    </message>
    <message>
        <source>Every answer was right.</source>
        <translation>Toutes vos réponses étaient justes.</translation>
    </message>
    <message>
        <source>Questions to review:</source>
        <translation>Questions à revoir :</translation>
    </message>
</context>
<context>
    <name>Certification</name>
    <message>
        <source>This PC is not enrolled with the programme's server.</source>
        <translation>Ce PC n'est pas inscrit auprès du serveur du programme.</translation>
    </message>
    <message>
        <source>The answer sheet was altered after it was sealed.</source>
        <translation>La copie a été modifiée après avoir été scellée.</translation>
    </message>
    <message>
        <source>The answer sheet belongs to another learner.</source>
        <translation>La copie appartient à un autre apprenant.</translation>
    </message>
    <message>
        <source>This course is not published on the programme's server.</source>
        <translation>Ce cours n'est pas publié sur le serveur du programme.</translation>
    </message>
    <message>
        <source>The exam was taken from a modified copy of the course.</source>
        <translation>L'examen a été passé depuis une copie modifiée du cours.</translation>
    </message>
    <message>
        <source>The answer sheet does not match the published exam.</source>
        <translation>La copie ne correspond pas à l'examen publié.</translation>
    </message>
    <message>
        <source>This answer sheet was already used.</source>
        <translation>Cette copie a déjà été utilisée.</translation>
    </message>
    <message>
        <source>No exam attempt was left.</source>
        <translation>Il ne restait aucune tentative d'examen.</translation>
    </message>
    <message>
        <source>The exam was handed in after the time limit.</source>
        <translation>L'examen a été rendu après le temps imparti.</translation>
    </message>
    <message>
        <source>Some required capsules or quizzes were not completed.</source>
        <translation>Des capsules ou des quiz obligatoires n'ont pas été terminés.</translation>
    </message>
    <message>
        <source>The exam score is below the pass mark.</source>
        <translation>Le score à l'examen est inférieur à la note de réussite.</translation>
    </message>
    <message>
        <source>The answer sheet could not be read.</source>
        <translation>La copie n'a pas pu être lue.</translation>
    </message>
    <message>
        <source>The answer sheet answers questions this attempt did not draw.</source>
        <translation>La copie répond à des questions que cette tentative n'a pas tirées.</translation>
    </message>
    <message>
        <source>The answer sheet reuses the questions of another attempt.</source>
        <translation>La copie reprend les questions d'une autre tentative.</translation>
    </message>
    <message>
        <source>The answer sheet does not match what was saved during the exam (its times or its answers).</source>
        <translation>La copie ne correspond pas à ce qui a été enregistré pendant l'examen (ses temps ou ses réponses).</translation>
    </message>
    <message>
        <source>The programme's server had a problem while grading.</source>
        <translation>Le serveur du programme a eu un problème pendant la correction.</translation>
    </message>
    <message>
        <source>The programme's server has not received all the activities you completed. Sync this PC (or bring the USB stick), then send your answers again. This attempt does not count.</source>
        <translation>Le serveur du programme n'a pas reçu toutes les activités que vous avez terminées. Synchronisez ce PC (ou apportez la clé USB), puis renvoyez vos réponses. Cette tentative ne compte pas.</translation>
    </message>
    <message>
        <source>This is not about your answers: the centre must contact the programme to fix it. This attempt does not count: you can send your answers again later.</source>
        <translation>Ce n'est pas lié à vos réponses : le centre doit contacter le programme pour régler le problème. Cette tentative ne compte pas : vous pourrez renvoyer vos réponses plus tard.</translation>
    </message>
</context>
<context>
    <name>CertificationPanel</name>
    <message>
        <source>Start the final exam now? This is attempt %1 of %2.</source>
        <translation>Commencer l’examen final maintenant ? C’est la tentative %1 sur %2.</translation>
    </message>
    <message>
        <source>Once started, the clock runs for %1 minutes, even if you close the app.</source>
        <translation>Une fois commencé, le chronomètre tourne pendant %1 minutes, même si vous fermez l’application.</translation>
    </message>
    <message>
        <source>Your answers are saved as you give them; you hand them in at the end.</source>
        <translation>Vos réponses sont enregistrées au fur et à mesure ; vous les remettez à la fin.</translation>
    </message>
    <message>
        <source>Final exam</source>
        <translation>Examen final</translation>
    </message>
    <message>
        <source>Start the exam</source>
        <translation>Commencer l’examen</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Pas maintenant</translation>
    </message>
    <message>
        <source>Your last answer could not be saved: %1</source>
        <translation>Votre dernière réponse n'a pas pu être enregistrée : %1</translation>
    </message>
    <message>
        <source>The time allowed ran out while the exam was closed: the answers saved in time were handed in.</source>
        <translation>Le temps accordé s'est écoulé pendant que l'examen était fermé : les réponses enregistrées à temps ont été rendues.</translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>Enregistrer le certificat</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>EligibilityChecklist</name>
    <message>
        <source>Your certificate: what is left to do</source>
        <translation>Votre certificat : ce qu'il reste à faire</translation>
    </message>
    <message>
        <source>Requirements completed</source>
        <translation>Conditions remplies</translation>
    </message>
    <message>
        <source>What to do before the final exam</source>
        <translation>Ce qu’il reste à faire avant l’examen final</translation>
    </message>
    <message>
        <source>Take the final exam</source>
        <translation>Passer l'examen final</translation>
    </message>
    <message>
        <source>Supervised &amp;session code:</source>
        <translation>Code de la &amp;séance surveillée :</translation>
    </message>
    <message>
        <source>Supervised session code</source>
        <translation>Code de la séance surveillée</translation>
    </message>
    <message>
        <source>Only in a session run by a facilitator: type the code on the board. Leave empty otherwise.</source>
        <translation>Seulement lors d'une séance animée par un·e animateur·rice : tapez le code écrit au tableau. Sinon, laissez vide.</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 sur %2 faits</translation>
    </message>
    <message>
        <source>Watch the capsule “%1”</source>
        <translation>Regarder la capsule « %1 »</translation>
    </message>
    <message>
        <source>Pass the quiz of “%1” (at least %2 %)</source>
        <translation>Réussir le quiz de « %1 » (au moins %2 %)</translation>
    </message>
    <message>
        <source>best so far %1 %</source>
        <translation>meilleur score %1 %</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Fait : %1</translation>
    </message>
    <message>
        <source>To do: %1</source>
        <translation>À faire : %1</translation>
    </message>
    <message>
        <source>Final exam: pass mark %1 %, %2 attempt(s) left of %3.</source>
        <translation>Examen final : note de réussite %1 %, %2 tentative(s) restante(s) sur %3.</translation>
    </message>
    <message>
        <source>Time allowed: %1 minutes.</source>
        <translation>Durée : %1 minutes.</translation>
    </message>
    <message>
        <source>Complete the items marked ○ to unlock the final exam.</source>
        <translation>Terminez les éléments marqués ○ pour débloquer l'examen final.</translation>
    </message>
    <message>
        <source>Your answers are sealed and wait for the programme's decision: connect to sync.</source>
        <translation>Vos réponses sont scellées et attendent la décision du programme : connectez-vous pour synchroniser.</translation>
    </message>
    <message>
        <source>You have used every exam attempt. Ask your facilitator.</source>
        <translation>Vous avez utilisé toutes vos tentatives. Adressez-vous à votre animateur·rice.</translation>
    </message>
</context>
<context>
    <name>ExamPage</name>
    <message>
        <source>Time left</source>
        <translation>Temps restant</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Hand in my answers</source>
        <translation>Rendre mes réponses</translation>
    </message>
    <message>
        <source>Supervised exam — session %1</source>
        <translation>Examen surveillé — séance %1</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Question %1 sur %2</translation>
    </message>
    <message>
        <source>Saving your answer…</source>
        <translation>Enregistrement de votre réponse…</translation>
    </message>
    <message>
        <source>✓ Every answer is saved on this PC (%1 of %2 answered).</source>
        <translation>✓ Toutes vos réponses sont enregistrées sur ce PC (%1 sur %2 répondues).</translation>
    </message>
    <message>
        <source>Time left: %1</source>
        <translation>Temps restant : %1</translation>
    </message>
    <message>
        <source>Hand in your answers? You cannot change them afterwards.</source>
        <translation>Rendre vos réponses ? Vous ne pourrez plus les modifier.</translation>
    </message>
    <message>
        <source>%1 question(s) have no answer.</source>
        <translation>%1 question(s) sans réponse.</translation>
    </message>
    <message>
        <source>Final exam</source>
        <translation>Examen final</translation>
    </message>
</context>
</TS>
